import { ftpLineQuota, parseFtpLine, renderFtpLine, FtpEntry } from './pureftpd-lines';

const entry: FtpEntry = {
  username: 'bob', domain: 'example.com', hash: '$6$abcdefgh$' + 'x'.repeat(86), uid: 1001, gid: 1001,
  owner: 'alice', homedir: 'public_html/bob', dir: '/home/alice/public_html/bob', enabled: true,
};

describe('pure-ftpd lines', () => {
  test('a login is chrooted to its directory and reads back the same', () => {
    const line = renderFtpLine(entry);
    expect(line).toBe(`bob@example.com:${entry.hash}:1001:1001:hearth alice /public_html/bob:/home/alice/public_html/bob/./::::::::::::`);
    expect(parseFtpLine(line)).toEqual(entry);
  });

  test('an account quota goes to the size_quota field in bytes and reads back', () => {
    const line = renderFtpLine(entry, 5 * 1024 * 1024);
    expect(line.split(':')).toHaveLength(18);
    expect(line.split(':')[12]).toBe('5242880');
    expect(line.endsWith(':/home/alice/public_html/bob/./:::::::5242880:::::')).toBe(true);
    expect(parseFtpLine(line)).toEqual(entry);
    expect(ftpLineQuota(line)).toBe(5242880);
    expect(ftpLineQuota(renderFtpLine(entry))).toBe(0);
    expect(() => renderFtpLine(entry, -1)).toThrow();
    expect(() => renderFtpLine(entry, 1.5)).toThrow();
  });

  test('a disabled login keeps its hash behind "!" so no password matches', () => {
    const line = renderFtpLine({ ...entry, enabled: false });
    expect(line.split(':')[1]).toBe(`!${entry.hash}`);
    expect(parseFtpLine(line)).toEqual({ ...entry, enabled: false });
  });

  test.each([
    ['a field separator in the name', { username: 'bo:b' }],
    ['a path outside the alphabet', { dir: '/home/alice/x y' }],
    ['a ".." in the directory', { homedir: '../etc', dir: '/home/alice/../etc' }],
    ['a root uid', { uid: 0 }],
    ['a hash that is not SHA-512 crypt', { hash: 'plain' }],
    ['a line break', { domain: 'example.com\nroot' }],
  ])('refuses %s', (_label, patch) => {
    expect(() => renderFtpLine({ ...entry, ...patch } as FtpEntry)).toThrow();
  });

  test('lines Hearth did not write are ignored', () => {
    expect(parseFtpLine('joe:$1$x$y:1000:1000::/home/joe/./::::::::::::')).toBeNull();
  });
});
