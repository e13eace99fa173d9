import { status, ServiceError } from '@grpc/grpc-js';
import {
  AgentUnavailableError, ConflictError, ERROR_CODE_KEY, ERROR_DETAILS_KEY, ERROR_STEP_KEY, ErrorDetail, HearthError,
  InternalError, NotFoundError, ProvisioningFailedError, ValidationError, DependencyUnavailableError, ForbiddenError,
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

/** The API's only mapping from a gRPC failure to a Hearth error. */
export function fromGrpc(err: ServiceError): HearthError {
  const code = meta(err, ERROR_CODE_KEY);
  const message = err.details || err.message;
  switch (code) {
    case 'validation_failed': return new ValidationError(message, details(err));
    case 'conflict': return new ConflictError(message, details(err));
    case 'not_found': return new NotFoundError(message);
    case 'forbidden': return new ForbiddenError(message);
    case 'provisioning_failed': return new ProvisioningFailedError(meta(err, ERROR_STEP_KEY) ?? 'unknown', (details(err)[0]?.message as string) ?? message);
    case 'dependency_unavailable': return new DependencyUnavailableError(message);
    case 'internal': return new InternalError('The agent failed');
    default: break;
  }
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
