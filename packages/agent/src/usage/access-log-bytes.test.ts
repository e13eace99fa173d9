import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { accessLogBytes, monthOf, parseAccessLine } from './access-log-bytes';

describe('access log bandwidth', () => {
  test('parses nginx combined lines, quoted requests with escapes included', () => {
    expect(parseAccessLine('127.0.0.1 - - [02/Dec/2026:13:04:05 +0000] "GET / HTTP/1.1" 200 1234 "-" "curl/8"')).toEqual({ month: '2026-12', bytes: 1234 });
    expect(parseAccessLine('::1 - bob [31/Jan/2027:23:59:59 +0100] "GET /a\\"b HTTP/1.1" 404 0 "-" "-"')).toEqual({ month: '2027-01', bytes: 0 });
    expect(parseAccessLine('garbage')).toBeNull();
    expect(parseAccessLine('1.2.3.4 - - [02/Foo/2026:13:04:05 +0000] "GET / HTTP/1.1" 200 5 "-" "-"')).toBeNull();
  });

  test('sums one month across the current and the rotated file; other months and missing files count 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alog-'));
    try {
    writeFileSync(join(dir, 'access.log'), [
      '1.1.1.1 - - [01/Dec/2026:00:00:01 +0000] "GET / HTTP/1.1" 200 100 "-" "-"',
      '1.1.1.1 - - [30/Nov/2026:23:59:59 +0000] "GET / HTTP/1.1" 200 999 "-" "-"',
      'not a log line',
      '',
    ].join('\n'));
    writeFileSync(join(dir, 'access.log.1'), '1.1.1.1 - - [01/Dec/2026:00:00:00 +0000] "GET / HTTP/1.1" 200 23 "-" "-"\n');
    expect(await accessLogBytes([join(dir, 'access.log'), join(dir, 'access.log.1'), join(dir, 'absent')], '2026-12')).toBe(123);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(monthOf(new Date(2026, 0, 5))).toBe('2026-01');
  });
});
