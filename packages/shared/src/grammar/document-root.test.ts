import { documentRootProblem, normaliseDocumentRoot } from './document-root';

describe('documentRootProblem', () => {
  test.each(['shop', 'shop.example.org', 'sites/blog/public', 'public_html/sub', 'a-b_c/d.e/'])('accepts %j', (v) => {
    expect(documentRootProblem(v)).toBeNull();
  });

  test.each([
    ['', /empty/], ['/etc', /absolute/], ['../x', /\.\./], ['a/../../b', /\.\./], ['a//b', /empty/], ['.', /"\."/],
    ['.ssh', /hidden/], ['a/.git/x', /hidden/], ['a b', /only letters/], ['a;b', /only letters/], ['a\nb', /only letters/],
    ['$HOME', /only letters/], ['logs', /~\/logs/], ['tmp/x', /~\/tmp/], ['x'.repeat(256), /at most 255/],
    ['a/b/c/d/e/f/g/h/i', /deep/], [42, /string/],
  ])('refuses %j', (v, message) => {
    expect(documentRootProblem(v)).toMatch(message);
  });

  test('normalises a trailing slash away', () => {
    expect(normaliseDocumentRoot('sites/blog/')).toBe('sites/blog');
  });
});
