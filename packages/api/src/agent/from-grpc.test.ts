import { Metadata, status, ServiceError } from '@grpc/grpc-js';
import {
  AgentUnavailableError, ConflictError, DependencyUnavailableError, InternalError, NotFoundError, ProvisioningFailedError,
  ValidationError, ForbiddenError,
} from '@hearth/shared';
import { ERROR_BY_REASON, fromGrpc } from './from-grpc';

function err(code: status, hearthCode?: string, extra: Record<string, string> = {}): ServiceError {
  const metadata = new Metadata();
  if (hearthCode) metadata.set('hearth-error-code', hearthCode);
  for (const [k, v] of Object.entries(extra)) metadata.set(k, k.endsWith('-bin') ? Buffer.from(v, 'utf8') : v);
  return Object.assign(new Error('x'), { code, details: 'agent said so', metadata }) as ServiceError;
}

describe('fromGrpc', () => {
  test.each<[ServiceError, unknown]>([
    [err(status.INVALID_ARGUMENT, 'validation_failed'), ValidationError],
    [err(status.ALREADY_EXISTS, 'conflict'), ConflictError],
    [err(status.NOT_FOUND, 'not_found'), NotFoundError],
    [err(status.PERMISSION_DENIED, 'forbidden'), ForbiddenError],
    [err(status.FAILED_PRECONDITION, 'provisioning_failed', { 'hearth-error-step': 'home' }), ProvisioningFailedError],
    [err(status.UNAVAILABLE, 'dependency_unavailable'), DependencyUnavailableError],
    [err(status.INTERNAL, 'internal'), InternalError],
    [err(status.UNAVAILABLE), AgentUnavailableError],
    [err(status.DEADLINE_EXCEEDED), AgentUnavailableError],
    [err(status.CANCELLED), AgentUnavailableError],
    [err(status.INTERNAL), AgentUnavailableError], // a stream reset without trailers (the agent died mid-call)
    [err(status.UNAUTHENTICATED, 'unauthorized'), AgentUnavailableError],
    [err(status.UNKNOWN), InternalError],
  ])('%#: → %p', (e, cls) => {
    expect(fromGrpc(e)).toBeInstanceOf(cls as new () => unknown);
  });

  test('keeps the failed step and the validation details', () => {
    const p = fromGrpc(err(status.FAILED_PRECONDITION, 'provisioning_failed', { 'hearth-error-step': 'nginx_vhost', 'hearth-error-details-bin': JSON.stringify([{ message: 'nginx -t failed', step: 'nginx_vhost' }]) }));
    expect(p).toMatchObject({ step: 'nginx_vhost', code: 'provisioning_failed' });
    const v = fromGrpc(err(status.INVALID_ARGUMENT, 'validation_failed', { 'hearth-error-details-bin': JSON.stringify([{ field: 'domain', message: 'bad “quoted” ünïcode' }]) }));
    expect(v.details).toEqual([{ field: 'domain', message: 'bad “quoted” ünïcode' }]);
  });

  test.each(Object.entries(ERROR_BY_REASON))('reason %s: decoded to its own code, or judged by the transport status when the agent never sends it', (reason, decode) => {
    const decoded = fromGrpc(err(status.UNKNOWN, reason));
    if (decode) expect(decoded.code).toBe(reason);
    else expect(decoded).toBeInstanceOf(InternalError); // UNKNOWN without a reason the agent sends: unexpected
  });
});
