import { privilegeList, sql } from './mariadb-sql';
import { nativePasswordHash } from './native-password';
import { Redacted, revealOrNull } from './redacted';
import { summarisePrivileges } from './database-operations';
import { checkGrants, checkName } from './database-request-checks';

const HASH = nativePasswordHash('correct horse');

describe('MariaDB statement builder', () => {
  it('quotes database names and never puts values in the text', () => {
    expect(sql.createDatabase('bob_shop').sql).toBe('CREATE DATABASE IF NOT EXISTS `bob_shop` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    expect(sql.dropDatabase('bob_shop')).toEqual({ sql: 'DROP DATABASE IF EXISTS `bob_shop`', values: [] });
    expect(sql.databaseExists("x' OR 1=1")).toEqual({ sql: expect.not.stringContaining("OR 1=1"), values: ["x' OR 1=1"] });
  });

  it('escapes _ and % in GRANT/REVOKE so the grant names exactly one database', () => {
    expect(sql.grant(['SELECT', 'INSERT'], 'bob_shop', 'bob_app', 'localhost').sql)
      .toBe('GRANT SELECT, INSERT ON `bob\\_shop`.* TO `bob_app`@`localhost`');
    expect(sql.grant(['ALL'], 'bob_my_shop', 'bob_app', '127.0.0.1').sql)
      .toBe('GRANT ALL PRIVILEGES ON `bob\\_my\\_shop`.* TO `bob_app`@`127.0.0.1`');
    expect(sql.revokeAll('bob_shop', 'bob_app', 'localhost').sql).toBe('REVOKE ALL PRIVILEGES ON `bob\\_shop`.* FROM `bob_app`@`localhost`');
    expect(sql.grantsOnDatabase('bob_shop').values).toEqual(['bob\\_shop']);
  });

  it('identifies users by password hash, never by clear text', () => {
    const s = sql.createUser('bob_app', 'localhost', HASH, false);
    expect(s.sql).toBe(`CREATE USER IF NOT EXISTS \`bob_app\`@\`localhost\` IDENTIFIED BY PASSWORD '${HASH}'`);
    expect(s.sql).not.toContain('correct horse');
    expect(sql.createUser('bob_app', 'localhost', HASH, true).sql).toMatch(/ ACCOUNT LOCK$/);
    expect(() => sql.createUser('bob_app', 'localhost', "x' OR '1", false)).toThrow(RangeError);
    expect(() => sql.setPassword('bob_app', 'localhost', 'plain')).toThrow(RangeError);
  });

  it('computes the mysql_native_password hash', () => {
    // Reference value: SELECT PASSWORD('password') in MariaDB.
    expect(nativePasswordHash('password')).toBe('*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19');
  });

  it('refuses hosts outside the host alphabet and identifiers that cannot be quoted', () => {
    expect(() => sql.dropUser('bob_app', "localhost'")).toThrow(RangeError);
    expect(() => sql.dropUser('bob_app', 'a`b')).toThrow(RangeError);
    expect(() => sql.dropDatabase('')).toThrow(RangeError);
    expect(sql.dropDatabase('a`b').sql).toBe('DROP DATABASE IF EXISTS `a``b`');
  });

  it('finds an account\'s objects with an escaped prefix', () => {
    expect(sql.listUsers('bob\\_%').values).toEqual(['bob\\_%']);
    expect(sql.listPrivileges('bob\\_%').values).toEqual(["'bob\\_%'@%"]);
  });

  it('locks and unlocks accounts', () => {
    expect(sql.lockUser('bob_app', 'localhost', true).sql).toBe('ALTER USER `bob_app`@`localhost` ACCOUNT LOCK');
    expect(sql.lockUser('bob_app', 'localhost', false).sql).toBe('ALTER USER `bob_app`@`localhost` ACCOUNT UNLOCK');
  });

  it('kills only numeric connection ids', () => {
    expect(sql.killConnection(42).sql).toBe('KILL CONNECTION 42');
    expect(() => sql.killConnection(NaN)).toThrow(RangeError);
    expect(() => sql.killConnection(-1)).toThrow(RangeError);
  });

  it('builds privilege lists from the allowed set only', () => {
    expect(privilegeList(['SELECT', 'SELECT', 'UPDATE'])).toBe('SELECT, UPDATE');
    expect(privilegeList(['SELECT', 'ALL'])).toBe('ALL PRIVILEGES');
    expect(() => privilegeList([])).toThrow(RangeError);
  });
});

describe('privilege summaries', () => {
  it('reports the full database-level set as ALL', () => {
    const all = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'REFERENCES', 'INDEX', 'ALTER', 'CREATE TEMPORARY TABLES',
      'LOCK TABLES', 'EXECUTE', 'CREATE VIEW', 'SHOW VIEW', 'CREATE ROUTINE', 'ALTER ROUTINE', 'EVENT', 'TRIGGER', 'DELETE HISTORY'];
    expect(summarisePrivileges(all)).toEqual(['ALL']);
    expect(summarisePrivileges(['SELECT', 'INSERT'])).toEqual(['INSERT', 'SELECT']);
  });
});

describe('agent re-validation', () => {
  it('refuses names and grants of another account', () => {
    expect(() => checkName('bobx_shop', 'bob')).toThrow(/Invalid name/);
    expect(() => checkGrants([{ database: 'bobx_shop', privileges: ['ALL'] }], 'bob')).toThrow(/Invalid grants/);
    expect(() => checkGrants([{ database: 'bob_shop', privileges: ['GRANT OPTION'] }], 'bob')).toThrow(/Invalid grants/);
    expect(() => checkGrants([{ database: 'bob_shop', privileges: [] }], 'bob')).toThrow(/Invalid grants/);
    expect(() => checkGrants([{ database: 'bob_shop', privileges: ['ALL'] }, { database: 'bob_shop', privileges: ['ALL'] }], 'bob')).toThrow(/Invalid grants/);
    expect(checkGrants([{ database: 'bob_shop', privileges: ['SELECT', 'SELECT'] }], 'bob')).toEqual([{ database: 'bob_shop', privileges: ['SELECT'] }]);
  });
});

describe('Redacted', () => {
  it('never serialises its value', () => {
    const input = { name: 'bob_app', hash: new Redacted(HASH) };
    expect(JSON.stringify(input)).toBe('{"name":"bob_app","hash":"[redacted]"}');
    expect(`${input.hash}`).toBe('[redacted]');
    expect(revealOrNull(input.hash)).toBe(HASH);
    expect(revealOrNull(JSON.parse(JSON.stringify(input)).hash)).toBeNull();
  });
});
