import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from './logger';
import { redactUrl } from './log-redaction';

describe('logger redaction', () => {
  test('URLs lose their query string and userinfo', () => {
    expect(redactUrl('/execute/UserManager/create_user?username=a&password=Hunter22')).toBe('/execute/UserManager/create_user?[redacted]');
    expect(redactUrl('ftp://bob:Hunter22@127.0.0.1:21/x?y#z')).toBe('ftp://[redacted]@127.0.0.1:21/x?[redacted]');
    expect(redactUrl('/api/v1/accounts')).toBe('/api/v1/accounts');
  });

  test('no secret reaches the log file, however it is nested', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logger-'));
    const file = join(dir, 'x.log');
    const log = createLogger('t', 'info', file).child({ component: 'c' });
    log.info({ url: '/execute/UserManager/create_user?password=S3cret-one' }, 'a');
    log.info({ req: { method: 'GET', url: '/x?token=S3cret-two', remoteAddress: '127.0.0.1' } }, 'b');
    log.info({ args: { 'services.ftp.password': 'S3cret-three', nested: { deeper: { new_password: 'S3cret-four' } } } }, 'c');
    log.error({ err: new Error('connect mysql://hearth:S3cret-five@db failed') }, 'd');
    log.info({ target: 'imap://u:S3cret-six@127.0.0.1/INBOX', apiToken: 'S3cret-seven', headers: { authorization: 'Basic S3cret-eight' } }, 'e');
    const text = readFileSync(file, 'utf8');
    rmSync(dir, { recursive: true, force: true });
    expect(text.split('\n').filter(Boolean)).toHaveLength(5);
    expect(text).not.toMatch(/S3cret/);
    expect(text).toContain('/execute/UserManager/create_user?[redacted]');
  });
});
