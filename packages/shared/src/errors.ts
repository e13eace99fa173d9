/**
 * The one error hierarchy of Hearth. It knows nothing of HTTP or gRPC: each
 * transport has exactly one mapping function (api: toHttp, fromGrpc; agent: toGrpc).
 * `code` is the stable machine-readable reason that crosses every boundary.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'conflict'
  | 'not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'license_required'
  | 'account_limit_reached'
  | 'payload_too_large'
  | 'rate_limited'
  | 'idempotency_key_reused'
  | 'provisioning_failed'
  | 'agent_unavailable'
  | 'dependency_unavailable'
  | 'internal';

export interface ErrorDetail {
  field?: string;
  message: string;
  [key: string]: unknown;
}

export class HearthError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends HearthError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super('validation_failed', message, details);
  }
}

export class ConflictError extends HearthError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super('conflict', message, details);
  }
}

export class NotFoundError extends HearthError {
  constructor(message = 'Not found') {
    super('not_found', message);
  }
}

export class UnauthorizedError extends HearthError {
  constructor(message = 'Authentication required') {
    super('unauthorized', message);
  }
}

export class ForbiddenError extends HearthError {
  constructor(message = 'Forbidden') {
    super('forbidden', message);
  }
}

/** A package limit (other than the plan's account limit) would be exceeded: 403 with a stable `reason`. */
export class PackageLimitError extends HearthError {
  constructor(readonly reason: string, message: string, limit: number) {
    super('forbidden', message, [{ message, reason, limit }]);
  }
}

export class LicenseRequiredError extends HearthError {
  constructor(message = 'The license is invalid or expired; writes are blocked') {
    super('license_required', message);
  }
}

export class AccountLimitError extends HearthError {
  constructor(limit: number) {
    super('account_limit_reached', `The plan allows ${limit} accounts`, [{ message: 'limit', limit }]);
  }
}

export class PayloadTooLargeError extends HearthError {
  constructor(message = 'Request body too large') {
    super('payload_too_large', message);
  }
}

export class RateLimitedError extends HearthError {
  constructor(readonly retryAfterSeconds: number, message = 'Too many requests') {
    super('rate_limited', message);
  }
}

export class IdempotencyKeyReusedError extends HearthError {
  constructor() {
    super('idempotency_key_reused', 'This Idempotency-Key was used with a different request');
  }
}

/** The agent tried, rolled back, and says which step failed. */
export class ProvisioningFailedError extends HearthError {
  constructor(readonly step: string, message: string) {
    super('provisioning_failed', `Provisioning failed at step "${step}": ${message}`, [{ message, step }]);
  }
}

/** The agent cannot be reached or did not answer within its deadline. */
export class AgentUnavailableError extends HearthError {
  /**
   * false when the request certainly never reached the agent (no connection could be
   * made); undefined when it may have (the connection broke or the deadline passed).
   */
  constructor(message = 'The hearth agent is unavailable', readonly delivered?: false) {
    super('agent_unavailable', message);
  }
}

/**
 * The agent stopped answering (health probes unanswered) while a call was under way: the
 * call was abandoned, the outcome is unknown, and asking the agent now would only wait.
 */
export class AgentNotAnsweringError extends AgentUnavailableError {
  constructor(message = 'The hearth agent stopped answering') {
    super(message);
  }
}

/** A service the agent depends on (MariaDB, PowerDNS DB, a daemon) is down. */
export class DependencyUnavailableError extends HearthError {
  constructor(message: string) {
    super('dependency_unavailable', message);
  }
}

export class InternalError extends HearthError {
  constructor(message = 'Internal error') {
    super('internal', message);
  }
}

export function isHearthError(e: unknown): e is HearthError {
  return e instanceof HearthError;
}
