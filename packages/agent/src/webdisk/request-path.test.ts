import { requestSegments } from './request-path';
import { verifyCrypt } from './crypt-thread';
import { sha512Crypt } from '../mail/sha512-crypt';

describe('Web Disk request paths', () => {
  test('plain paths decode segment by segment', () => {
    expect(requestSegments('/')).toEqual([]);
    expect(requestSegments('/a%20b/c.txt?x=1')).toEqual(['a b', 'c.txt']);
  });

  test.each(['/../etc/passwd', '/a/%2e%2e/b', '/a/..%2fb', '/a%2fb', '/a%5cb', '/./a', '/a%00', '/dir/#frag', '/%E0%A4%A', 'relative'])('%s is refused', (p) => {
    expect(requestSegments(p)).toBeNull();
  });
});

describe('crypt verification', () => {
  test('accepts the password of a $6$ hash and nothing else', () => {
    const hash = sha512Crypt('Sub-pass-1234');
    expect(verifyCrypt('Sub-pass-1234', hash)).toBe(true);
    expect(verifyCrypt('Sub-pass-1235', hash)).toBe(false);
    expect(verifyCrypt('x', 'not-a-hash')).toBe(false);
  });
});
