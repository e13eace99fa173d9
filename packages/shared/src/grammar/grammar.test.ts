import { domainProblem, domainsOverlap, emailProblem, normaliseDomain, parentDomains, passwordProblem, usernameProblem } from '.';

describe('usernames', () => {
  test.each(['alice', 'bob42', 'abc', 'a'.repeat(32)])('%s is accepted', (u) => expect(usernameProblem(u)).toBeNull());
  test.each([
    'ab', 'a'.repeat(33), 'Alice', '1alice', '-alice', 'al_ice', 'al.ice', 'al-ice', 'al/ice', 'al:ice', 'al\nice', 'al\0ice',
    'аlice' /* Cyrillic а */, 'root', 'mysql', 'www', 'hearth', 'postmaster', '', ' alice', 42, null,
  ])('%p is refused', (u) => expect(usernameProblem(u)).not.toBeNull());
});

describe('domains', () => {
  test.each([
    ['Example.COM.', 'example.com'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['a.b.example.org', 'a.b.example.org'],
  ])('%s normalises to %s', (input, canonical) => {
    expect(normaliseDomain(input)).toBe(canonical);
    expect(domainProblem(input)).toBeNull();
  });
  test.each([
    'example', 'exa;mple.com', 'a{b}.com', 'a"b.com', "a'b.com", 'a b.com', 'a\nb.com', 'a/b.com', '../etc.com', '*.example.com',
    '127.0.0.1', 'localhost', 'foo.localhost', '-a.com', 'a-.com', `${'a'.repeat(64)}.com`, `${'a.'.repeat(127)}com`, 'a..com', '',
    'example.123', 'xy--z.com',
  ])('%p is refused', (d) => expect(domainProblem(d)).not.toBeNull());

  test('overlap: equal, parent, child; not siblings or suffix look-alikes', () => {
    expect(domainsOverlap('example.com', 'example.com')).toBe(true);
    expect(domainsOverlap('b.example.com', 'example.com')).toBe(true);
    expect(domainsOverlap('example.com', 'b.example.com')).toBe(true);
    expect(domainsOverlap('badexample.com', 'example.com')).toBe(false);
    expect(domainsOverlap('a.example.com', 'b.example.com')).toBe(false);
    expect(parentDomains('a.b.example.com')).toEqual(['b.example.com', 'example.com']);
  });
});

describe('emails and passwords', () => {
  test.each(['alice@example.com', 'a.b+c@sub.example.org'])('%s is accepted', (e) => expect(emailProblem(e)).toBeNull());
  test.each(['alice', '@example.com', 'a@b', 'a b@example.com', 'a@example.com\r\nBcc: x@y.z', `${'a'.repeat(65)}@example.com`, 'a..b@example.com'])(
    '%p is refused', (e) => expect(emailProblem(e)).not.toBeNull(),
  );
  test('passwords: length and control characters', () => {
    expect(passwordProblem('s3cur3p@ss')).toBeNull();
    expect(passwordProblem('short')).not.toBeNull();
    expect(passwordProblem('abcdefgh\0')).not.toBeNull();
    expect(passwordProblem('x'.repeat(1025))).not.toBeNull();
    expect(passwordProblem("' OR 1=1; --")).toBeNull(); // stored as data, never interpreted
  });
});
