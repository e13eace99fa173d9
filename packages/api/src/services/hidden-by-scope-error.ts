import { NotFoundError } from '@hearth/shared';

/**
 * The 404 for an object that exists but lies outside the principal's scope: the client
 * cannot tell it from absent; the audit log records it as a denial (the error handler
 * marks the response, http/audit-trail.ts reads the mark).
 */
export class HiddenByScopeError extends NotFoundError {}
