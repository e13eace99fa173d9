import { readFileSync } from 'node:fs';
import { idempotentSchemaStatements, pdnsConnectionOptions, PDNS_SCHEMA_FILE } from './dns-schema';

describe('idempotentSchemaStatements', () => {
  test('every CREATE of a sample schema becomes IF NOT EXISTS', () => {
    const sql = 'CREATE TABLE domains (\n  id INT\n) Engine=InnoDB;\n\nCREATE UNIQUE INDEX name_index ON domains(name);\n-- a comment;\nCREATE INDEX x ON records(a);\n';
    expect(idempotentSchemaStatements(sql)).toEqual([
      'CREATE TABLE IF NOT EXISTS domains (\n  id INT\n) Engine=InnoDB',
      'CREATE UNIQUE INDEX IF NOT EXISTS name_index ON domains(name)',
      'CREATE INDEX IF NOT EXISTS x ON records(a)',
    ]);
  });

  const shipped = (() => {
    try {
      return readFileSync(PDNS_SCHEMA_FILE, 'utf8');
    } catch {
      return null;
    }
  })();
  (shipped ? test : test.skip)('the schema Debian ships splits into guarded CREATE statements only', () => {
    const statements = idempotentSchemaStatements(shipped as string);
    expect(statements.length).toBeGreaterThan(5);
    for (const s of statements) expect(s).toMatch(/^CREATE (TABLE|(UNIQUE )?INDEX) IF NOT EXISTS /);
    expect(statements.some((s) => s.includes('TABLE IF NOT EXISTS records'))).toBe(true);
  });
});

test('pdnsConnectionOptions prefers the socket and defaults to the pdns database', () => {
  expect(pdnsConnectionOptions({})).toMatchObject({ socketPath: '/run/mysqld/mysqld.sock', user: 'pdns', database: 'pdns' });
  expect(pdnsConnectionOptions({ dns: { db: { socketPath: '', host: '127.0.0.1', port: 3307, user: 'u', password: 'p', database: 'd' } } }))
    .toMatchObject({ host: '127.0.0.1', port: 3307, user: 'u', password: 'p', database: 'd' });
});
