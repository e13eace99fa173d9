import {
  AccountLimitError, AgentUnavailableError, ConflictError, DependencyUnavailableError, ForbiddenError, IdempotencyKeyReusedError,
  InternalError, LicenseRequiredError, NotFoundError, PayloadTooLargeError, ProvisioningFailedError, RateLimitedError,
  UnauthorizedError, ValidationError, HearthError,
} from '@hearth/shared';
import { toHttp } from './to-http';

describe('toHttp', () => {
  test.each<[HearthError | Error, number, string]>([
    [new ValidationError('bad', [{ field: 'username', message: 'x' }]), 422, 'validation_failed'],
    [new ConflictError('taken'), 409, 'conflict'],
    [new NotFoundError(), 404, 'not_found'],
    [new UnauthorizedError(), 401, 'unauthorized'],
    [new ForbiddenError(), 403, 'forbidden'],
    [new LicenseRequiredError(), 403, 'license_required'],
    [new AccountLimitError(5), 403, 'account_limit_reached'],
    [new PayloadTooLargeError(), 413, 'payload_too_large'],
    [new RateLimitedError(30), 429, 'rate_limited'],
    [new IdempotencyKeyReusedError(), 422, 'idempotency_key_reused'],
    [new ProvisioningFailedError('home', 'disk full'), 500, 'provisioning_failed'],
    [new AgentUnavailableError(), 503, 'agent_unavailable'],
    [new DependencyUnavailableError('db down'), 503, 'dependency_unavailable'],
    [new InternalError(), 500, 'internal'],
    [new Error('secret stack'), 500, 'internal'],
  ])('%p → %i %s', (err, status, code) => {
    const mapped = toHttp(err);
    expect(mapped.status).toBe(status);
    expect(mapped.body.error).toBe(code);
    expect(Array.isArray(mapped.body.details)).toBe(true);
  });

  test('unknown errors never leak their message', () => {
    expect(toHttp(new Error('password=hunter2')).body.message).toBe('Internal error');
  });

  test('503 and 429 carry Retry-After; 401 carries WWW-Authenticate', () => {
    expect(toHttp(new AgentUnavailableError()).headers['Retry-After']).toBe('5');
    expect(toHttp(new RateLimitedError(42)).headers['Retry-After']).toBe('42');
    expect(toHttp(new UnauthorizedError()).headers['WWW-Authenticate']).toBe('Bearer');
  });

  test('the failed step is named', () => {
    const mapped = toHttp(new ProvisioningFailedError('nginx_vhost', 'nginx -t failed'));
    expect(mapped.body.message).toContain('nginx_vhost');
    expect(mapped.body.details[0]).toMatchObject({ step: 'nginx_vhost' });
  });
});
