import { checkHomedir, checkSubUsername, splitFullUsername, subUsernameProblem } from './service-names';
import { flag, quota } from './usermanager-params';

describe('UserManager names and arguments', () => {
  test('usernames: cPanel\'s alphabet, at most 64, stored lowercase', () => {
    expect(checkSubUsername('Carol.B_x-1')).toBe('carol.b_x-1');
    for (const bad of ['', 'a'.repeat(65), 'a/b', 'a b', 'a:b', 'a@b', '..', 'bäd', 'a\nb']) expect(subUsernameProblem(bad)).not.toBeNull();
  });

  test('full usernames split at the last @', () => {
    expect(splitFullUsername('Bob@example.com')).toEqual({ username: 'bob', domain: 'example.com' });
    expect(() => splitFullUsername('bob')).toThrow();
  });

  test('homedirs stay inside the home', () => {
    expect(checkHomedir('/public_html/bob/', 'h')).toBe('public_html/bob');
    expect(checkHomedir('', 'h')).toBe('');
    for (const bad of ['../etc', 'a/../../b', 'a//b', 'a/./b', 'a b', 'ä']) expect(() => checkHomedir(bad, 'h')).toThrow();
  });

  test('switches are 0 or 1; quotas are megabytes or "unlimited"', () => {
    expect(flag({ x: '1' }, 'x', false)).toBe(true);
    expect(flag({}, 'x', true)).toBe(true);
    expect(() => flag({ x: 'yes' }, 'x', false)).toThrow(/0 or 1/);
    expect(quota({ q: 'unlimited' }, 'q')).toBe(0);
    expect(quota({ q: '250' }, 'q')).toBe(250);
    expect(() => quota({ q: '-1' }, 'q')).toThrow();
  });
});
