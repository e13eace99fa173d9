import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RateLimitedError } from '@hearth/shared';
import { FileLoginThrottle } from './file-login-throttle';

const settings = { loginBudget: 3, addressBudget: 5, baseDelayMs: 1000, maxDelayMs: 8000, forgetMs: 60_000 };

async function outcome(t: FileLoginThrottle, login: string, address = '192.0.2.1'): Promise<'admitted' | number> {
  try {
    await t.reserve(login, address);
    return 'admitted';
  } catch (e) {
    if (e instanceof RateLimitedError) return e.retryAfterSeconds;
    throw e;
  }
}

describe('Web Disk login throttle (shared rules, file store)', () => {
  test('concurrent guesses past the budget are refused: each is counted before any password check', async () => {
    const t = new FileLoginThrottle(settings, null, () => 1_000_000);
    const results = await Promise.all(Array.from({ length: 10 }, () => outcome(t, 'a@x.com')));
    expect(results.filter((r) => r === 'admitted')).toHaveLength(3);
    expect(results.filter((r) => typeof r === 'number')).toHaveLength(7);
  });

  test('the real owner gets an attempt after the delay, and a success clears the login', async () => {
    let now = 1_000_000;
    const t = new FileLoginThrottle(settings, null, () => now);
    for (let i = 0; i < 3; i++) await t.reserve('a@x.com', '192.0.2.1');
    expect(await outcome(t, 'a@x.com')).toBe(1);
    now += 1001;
    const attempt = await t.reserve('a@x.com', '192.0.2.1');
    await attempt.succeeded();
    expect(await outcome(t, 'a@x.com')).toBe('admitted');
  });

  test('the address budget holds across logins', async () => {
    const t = new FileLoginThrottle(settings, null, () => 1_000_000);
    for (let i = 0; i < 5; i++) await t.reserve(`u${i}@x.com`, '192.0.2.1');
    expect(typeof (await outcome(t, 'fresh@x.com'))).toBe('number');
    expect(await outcome(t, 'fresh@x.com', '192.0.2.2')).toBe('admitted');
  });

  test('failures survive a restart through the state file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'throttle-'));
    const file = join(dir, 'login-throttle.json');
    const t = new FileLoginThrottle(settings, file);
    for (let i = 0; i < 3; i++) await t.reserve('a@x.com', '192.0.2.1');
    await t.flush();
    expect(JSON.parse(readFileSync(file, 'utf8'))['login:a@x.com'].failures).toBe(3);
    const again = new FileLoginThrottle(settings, file);
    expect(typeof (await outcome(again, 'a@x.com'))).toBe('number');
    rmSync(dir, { recursive: true, force: true });
  });
});
