import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoginThrottle } from './login-throttle';

const settings = { loginBudget: 3, addressBudget: 5, baseDelayMs: 1000, maxDelayMs: 8000, forgetMs: 60_000 };
const keys = (login: string, addr = '192.0.2.1'): string[] => [`login:${login}`, `addr:${addr}`];

describe('Web Disk login throttle', () => {
  test('reservations are taken before the check: concurrent guesses past the budget are refused', () => {
    const t = new LoginThrottle(settings, null);
    const now = 1_000_000;
    const granted = Array.from({ length: 10 }, () => t.reserve(keys('a@x.com'), now)).filter((r) => r.ok);
    expect(granted).toHaveLength(3);
  });

  test('delays double per failure past the budget, capped, and a success clears the login', () => {
    const t = new LoginThrottle(settings, null);
    let now = 1_000_000;
    const fail = (): void => {
      const r = t.reserve(keys('a@x.com'), now);
      if (!r.ok) throw new Error('refused');
      r.release(false);
    };
    for (let i = 0; i < 3; i++) fail();
    expect(t.delayOf(3, 3)).toBe(1000);
    expect(t.delayOf(4, 3)).toBe(2000);
    expect(t.delayOf(10, 3)).toBe(8000);
    const refused = t.reserve(keys('a@x.com'), Date.now());
    expect(refused.ok).toBe(false);
    now = Date.now() + 1001;
    const after = t.reserve(keys('a@x.com'), now);
    expect(after.ok).toBe(true);
    if (after.ok) after.release(true);
    expect(t.reserve(keys('a@x.com'), Date.now()).ok).toBe(true);
  });

  test('the address budget holds across logins', () => {
    const t = new LoginThrottle(settings, null);
    for (let i = 0; i < 5; i++) {
      const r = t.reserve(keys(`u${i}@x.com`));
      if (r.ok) r.release(false);
    }
    expect(t.reserve(keys('fresh@x.com')).ok).toBe(false);
    expect(t.reserve(keys('fresh@x.com', '192.0.2.2')).ok).toBe(true);
  });

  test('failures survive a restart through the state file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'throttle-')), 'login-throttle.json');
    const t = new LoginThrottle(settings, file);
    for (let i = 0; i < 3; i++) {
      const r = t.reserve(keys('a@x.com'));
      if (r.ok) r.release(false);
    }
    await t.flush();
    expect(JSON.parse(readFileSync(file, 'utf8'))['login:a@x.com'].failures).toBe(3);
    const again = new LoginThrottle(settings, file);
    expect(again.reserve(keys('a@x.com')).ok).toBe(false);
  });
});
