import { status } from '@grpc/grpc-js';
import {
  ConflictError, DependencyUnavailableError, InternalError, NotFoundError, ProvisioningFailedError, UnauthorizedError,
  ValidationError, HearthError,
} from '@hearth/shared';
import { toGrpc } from './to-grpc';

describe('toGrpc', () => {
  test.each<[HearthError | Error, status, string]>([
    [new ValidationError('bad'), status.INVALID_ARGUMENT, 'validation_failed'],
    [new ConflictError('exists'), status.ALREADY_EXISTS, 'conflict'],
    [new NotFoundError(), status.NOT_FOUND, 'not_found'],
    [new UnauthorizedError(), status.UNAUTHENTICATED, 'unauthorized'],
    [new ProvisioningFailedError('home', 'x'), status.FAILED_PRECONDITION, 'provisioning_failed'],
    [new DependencyUnavailableError('pdns down'), status.UNAVAILABLE, 'dependency_unavailable'],
    [new InternalError(), status.INTERNAL, 'internal'],
    [new Error('boom /etc/shadow'), status.INTERNAL, 'internal'],
  ])('%p → %i', (err, code, reason) => {
    const mapped = toGrpc(err);
    expect(mapped.code).toBe(code);
    expect(mapped.metadata?.get('hearth-error-code')).toEqual([reason]);
  });

  test('plain errors do not leak their message', () => {
    expect(toGrpc(new Error('boom /etc/shadow')).details).toBe('Internal agent error');
  });

  test('details with any UTF-8 travel as binary metadata without throwing', () => {
    const mapped = toGrpc(new ValidationError('bad', [{ field: 'name', message: 'has “curly quotes” and ünïcode' }]));
    const raw = mapped.metadata?.get('hearth-error-details-bin')[0] as Buffer;
    expect(JSON.parse(raw.toString('utf8'))).toEqual([{ field: 'name', message: 'has “curly quotes” and ünïcode' }]);
  });

  test('the failed step travels in metadata', () => {
    expect(toGrpc(new ProvisioningFailedError('nginx_vhost', 'x')).metadata?.get('hearth-error-step')).toEqual(['nginx_vhost']);
  });
});
