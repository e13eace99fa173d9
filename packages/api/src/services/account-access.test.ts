import { ConflictError } from '@hearth/shared';
import type { AccountRecord, AccountStatus } from '../stores/account-record';
import { AccountChange, assertChangeable } from './account-access';

const account = (status: AccountStatus): AccountRecord => ({ status } as AccountRecord);

describe('the one rule for "may this account be changed now"', () => {
  test.each<[AccountChange, AccountStatus, boolean]>([
    ['hosting', 'active', true],
    ['hosting', 'suspended', false],
    ['hosting', 'deleting', false],
    ['hosting', 'provisioning', false],
    ['naming', 'active', true],
    ['naming', 'suspended', true],
    ['naming', 'deleting', false],
    ['naming', 'provisioning', false],
  ])('%s change on a %s account: allowed %s', (change, status, allowed) => {
    const run = (): void => assertChangeable(account(status), change);
    if (allowed) expect(run).not.toThrow();
    else expect(run).toThrow(ConflictError);
  });

  test('the refusal names the state', () => {
    expect(() => assertChangeable(account('deleting'), 'naming')).toThrow('The account is being deleted');
    expect(() => assertChangeable(account('suspended'), 'hosting')).toThrow('The account is suspended');
  });
});
