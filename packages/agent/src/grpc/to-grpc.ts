import { Metadata, status, StatusObject } from '@grpc/grpc-js';
import { ERROR_CODE_KEY, ERROR_DETAILS_KEY, ERROR_STEP_KEY, HearthError, ErrorCode, ProvisioningFailedError } from '@hearth/shared';

/** The agent's only mapping from Hearth errors to gRPC statuses. */
export const GRPC_STATUS_BY_CODE: Record<ErrorCode, status> = {
  validation_failed: status.INVALID_ARGUMENT,
  conflict: status.ALREADY_EXISTS,
  not_found: status.NOT_FOUND,
  unauthorized: status.UNAUTHENTICATED,
  forbidden: status.PERMISSION_DENIED,
  license_required: status.PERMISSION_DENIED,
  account_limit_reached: status.RESOURCE_EXHAUSTED,
  payload_too_large: status.INVALID_ARGUMENT,
  rate_limited: status.RESOURCE_EXHAUSTED,
  idempotency_key_reused: status.INVALID_ARGUMENT,
  provisioning_failed: status.FAILED_PRECONDITION,
  agent_unavailable: status.UNAVAILABLE,
  dependency_unavailable: status.UNAVAILABLE,
  internal: status.INTERNAL,
};

export function toGrpc(err: unknown): Partial<StatusObject> {
  const metadata = new Metadata();
  if (!(err instanceof HearthError)) {
    metadata.set(ERROR_CODE_KEY, 'internal');
    return { code: status.INTERNAL, details: 'Internal agent error', metadata };
  }
  metadata.set(ERROR_CODE_KEY, err.code);
  if (err instanceof ProvisioningFailedError) metadata.set(ERROR_STEP_KEY, err.step.replace(/[^\x20-\x7e]/g, '?'));
  if (err.details.length) metadata.set(ERROR_DETAILS_KEY, Buffer.from(JSON.stringify(err.details), 'utf8'));
  return { code: GRPC_STATUS_BY_CODE[err.code], details: err.message, metadata };
}
