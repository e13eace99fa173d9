import {
  DB_IDENTIFIER_MAX, dbIdentifierOwner, dbIdentifierProblem, escapeGrantPattern, isDbPrivilege,
  isValidDbIdentifier, ownedNamesLikePattern, quoteIdentifier, unescapeGrantPattern,
} from './db-identifier';

/** Mimics MariaDB's LIKE / grant-pattern matching (\ escapes, _ one char, % any run). */
function likeMatches(pattern: string, value: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '_') re += '.';
    else if (c === '%') re += '.*';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(re + '$', 's').test(value);
}

describe('dbIdentifierProblem', () => {
  it.each(['bob_shop', 'bob_a', 'bob_1', 'bob_my_shop', 'bob_a_b_c', 'h1x_2024', `bob_${'a'.repeat(60)}`])(
    'accepts %s', (name) => {
      expect(dbIdentifierProblem(name)).toBeNull();
      expect(dbIdentifierProblem(name, name.split('_')[0])).toBeNull();
    });

  it.each([
    ['', 'empty'], ['bob', 'no separator'], ['bob_', 'empty suffix'], ['_shop', 'no owner'],
    ['bob__shop', 'leading _ in suffix'], ['bob_shop_', 'trailing _'], ['bob_%', 'percent'],
    ['bob_sh%p', 'percent inside'], ['bob_sh_p%', 'percent at end'], ['bob_Shop', 'uppercase'],
    ['Bob_shop', 'uppercase owner'], ['bob_sh`p', 'backtick'], ["bob_sh'p", 'quote'], ['bob_sh"p', 'dquote'],
    ['bob_sh\\p', 'backslash'], ['bob_sh p', 'space'], ['bob_sh\np', 'newline'], ['bob_sh\0p', 'NUL'],
    ['bob_sh-p', 'hyphen'], ['bob_sh.p', 'dot'], ['bob_sh/p', 'slash'], ['bob_shоp', 'cyrillic o'],
    ['bo_shop', 'owner too short'], ['1bob_shop', 'owner leading digit'], [`bob_${'a'.repeat(61)}`, 'too long'],
    [`${'a'.repeat(33)}_x`, 'owner too long'],
  ])('refuses %j (%s)', (name) => {
    expect(dbIdentifierProblem(name)).not.toBeNull();
    expect(isValidDbIdentifier(name)).toBe(false);
  });

  it('refuses non-strings', () => {
    for (const v of [null, undefined, 1, {}, ['bob_x']]) expect(dbIdentifierProblem(v)).toBe('must be a string');
  });

  it('binds a name to exactly one account: bob never owns bobx_… and bobx never owns bob_…', () => {
    expect(dbIdentifierProblem('bob_shop', 'bob')).toBeNull();
    expect(dbIdentifierProblem('bobx_shop', 'bob')).toBe('must start with "bob_"');
    expect(dbIdentifierProblem('bob_xshop', 'bobx')).toBe('must start with "bobx_"');
    expect(dbIdentifierProblem('bob_x_shop', 'bob')).toBeNull();
    expect(dbIdentifierOwner('bob_x_shop')).toBe('bob');
    expect(dbIdentifierOwner('bobx_shop')).toBe('bobx');
  });

  it('keeps the limit at MariaDB\'s 64-character database name limit', () => {
    expect(DB_IDENTIFIER_MAX).toBe(64);
    const longest = `${'a'.repeat(32)}_${'b'.repeat(31)}`;
    expect(longest).toHaveLength(64);
    expect(dbIdentifierProblem(longest)).toBeNull();
    expect(dbIdentifierProblem(longest + 'b')).toMatch(/at most 64/);
  });
});

describe('quoteIdentifier', () => {
  it('wraps in backticks and doubles embedded backticks', () => {
    expect(quoteIdentifier('bob_shop')).toBe('`bob_shop`');
    expect(quoteIdentifier('a`b')).toBe('`a``b`');
    expect(quoteIdentifier('`; DROP DATABASE x; --')).toBe('```; DROP DATABASE x; --`');
  });
  it('refuses empty, NUL and over-long identifiers', () => {
    expect(() => quoteIdentifier('')).toThrow(RangeError);
    expect(() => quoteIdentifier('a\0b')).toThrow(RangeError);
    expect(() => quoteIdentifier('a'.repeat(65))).toThrow(RangeError);
  });
});

describe('grant patterns', () => {
  it('escapes _ and % so a grant names exactly one database', () => {
    expect(escapeGrantPattern('bob_shop')).toBe('bob\\_shop');
    expect(escapeGrantPattern('a%b\\c')).toBe('a\\%b\\\\c');
    const p = escapeGrantPattern('bob_shop');
    expect(likeMatches(p, 'bob_shop')).toBe(true);
    expect(likeMatches(p, 'bobxshop')).toBe(false);
    expect(likeMatches('bob_shop', 'bobxshop')).toBe(true); // what an unescaped grant would allow
  });
  it('round-trips through unescapeGrantPattern', () => {
    for (const n of ['bob_shop', 'bob_a_b', 'x%y', 'a\\_b']) expect(unescapeGrantPattern(escapeGrantPattern(n))).toBe(n);
  });
  it('matches only names that start with "{username}_"', () => {
    const p = ownedNamesLikePattern('bob');
    expect(p).toBe('bob\\_%');
    for (const n of ['bob_shop', 'bob_x_y', 'bob_1']) expect(likeMatches(p, n)).toBe(true);
    for (const n of ['bobx_shop', 'bobxshop', 'bo_shop', 'bob', 'xbob_shop']) expect(likeMatches(p, n)).toBe(false);
    expect(() => ownedNamesLikePattern('bo%')).toThrow(RangeError);
    expect(() => ownedNamesLikePattern('b_b')).toThrow(RangeError);
  });
});

describe('isDbPrivilege', () => {
  it('accepts database-level privileges only', () => {
    expect(isDbPrivilege('SELECT')).toBe(true);
    expect(isDbPrivilege('ALL')).toBe(true);
    for (const p of ['GRANT OPTION', 'SUPER', 'FILE', 'select', 'ALL PRIVILEGES', 'SELECT; DROP', 1]) expect(isDbPrivilege(p)).toBe(false);
  });
});
