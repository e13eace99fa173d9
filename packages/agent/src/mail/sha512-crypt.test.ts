import { DOVECOT_HASH_PATTERN, dovecotPasswordHash, sha512Crypt } from './sha512-crypt';

describe('sha512Crypt', () => {
  // Test vectors from Drepper's "Unix crypt using SHA-256 and SHA-512" specification.
  it('matches the specification with default rounds', () => {
    expect(sha512Crypt('Hello world!', 'saltstring', 5000)).toBe(
      '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1',
    );
  });

  it('matches the specification with explicit rounds', () => {
    expect(sha512Crypt('Hello world!', 'saltstringsaltst', 10000)).toBe(
      '$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.',
    );
  });

  it('handles passwords longer than one digest block', () => {
    expect(sha512Crypt('we have a short salt string but not a short password', 'short', 77777)).toBe(
      '$6$rounds=77777$short$WuQyW2YR.hBNpjjRhpYD/ifIw05xdfeEyQoMxIXbkvr0gge1a1x3yRULJ5CCaUeOxFmtlcGZelFl5CxtgfiAc0',
    );
  });

  it('produces a Dovecot hash with a fresh salt each time', () => {
    const a = dovecotPasswordHash('correct horse');
    const b = dovecotPasswordHash('correct horse');
    expect(a).toMatch(DOVECOT_HASH_PATTERN);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct horse');
  });

  it('refuses a salt outside the crypt alphabet', () => {
    expect(() => sha512Crypt('x', 'bad:salt')).toThrow('invalid salt');
  });
});
