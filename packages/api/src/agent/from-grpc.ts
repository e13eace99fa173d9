import { status, ServiceError } from '@grpc/grpc-js';
import {
  AgentUnavailableError, ConflictError, ERROR_CODE_KEY, ERROR_DETAILS_KEY, ERROR_STEP_KEY, ErrorDetail, HearthError,
  InternalError, NotFoundError, ProvisioningFailedError, ValidationError, DependencyUnavailableError, ForbiddenError, ErrorCode,
} from '@hearth/shared';

function meta(err: ServiceError, key: string): string | undefined {
  return err.metadata?.get(key)[0]?.toString();
}

function details(err: ServiceError): ErrorDetail[] {
  try {
    return JSON.parse(meta(err, ERROR_DETAILS_KEY) ?? '[]') as ErrorDetail[];
  } catch {
    return [];
  }
}

/**
 * What each Hearth reason in the status metadata becomes. Exhaustive over ErrorCode (the
 * compiler refuses a new code until it is decided here). `null`: the agent never sends
 * that reason, so the status is judged as a transport failure below.
 */
export const ERROR_BY_REASON: Record<ErrorCode, ((message: string, err: ServiceError) => HearthError) | null> = {
  validation_failed: (message, err) => new ValidationError(message, details(err)),
  conflict: (message, err) => new ConflictError(message, details(err)),
  not_found: (message) => new NotFoundError(message),
  forbidden: (message) => new ForbiddenError(message),
  provisioning_failed: (message, err) => new ProvisioningFailedError(meta(err, ERROR_STEP_KEY) ?? 'unknown', (details(err)[0]?.message as string) ?? message),
  dependency_unavailable: (message) => new DependencyUnavailableError(message),
  internal: () => new InternalError('The agent failed'),
  // The agent refuses a bad token with UNAUTHENTICATED: the API's credentials, handled below.
  unauthorized: null,
  license_required: null,
  account_limit_reached: null,
  payload_too_large: null,
  rate_limited: null,
  idempotency_key_reused: null,
  agent_unavailable: null,
};

function isReason(code: string | undefined): code is ErrorCode {
  return code !== undefined && Object.prototype.hasOwnProperty.call(ERROR_BY_REASON, code);
}

/** The only mapping from a gRPC failure to a Hearth error; every agent client goes through it (agent-channel.ts). */
export function fromGrpc(err: ServiceError): HearthError {
  const code = meta(err, ERROR_CODE_KEY);
  const decode = isReason(code) ? ERROR_BY_REASON[code] : null;
  if (decode) return decode(err.details || err.message, err);
  // No Hearth reason: the failure is in the transport, not in the agent's logic.
  if (err.code === status.UNAVAILABLE && /No connection established/i.test(err.details ?? '')) {
    return new AgentUnavailableError(undefined, false);
  }
  // A connection that broke mid-call surfaces as any of these (grpc-js reports a stream
  // reset without trailers as INTERNAL): the call may have reached the agent, so its
  // outcome is uncertain, never "the agent failed".
  if (err.code === status.UNAVAILABLE || err.code === status.DEADLINE_EXCEEDED || err.code === status.CANCELLED || err.code === status.INTERNAL) {
    return new AgentUnavailableError();
  }
  if (err.code === status.UNAUTHENTICATED) return new AgentUnavailableError('The agent refused the API\'s credentials');
  return new InternalError('Unexpected answer from the agent');
}
