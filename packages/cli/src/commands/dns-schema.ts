import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createConnection, Connection, ConnectionOptions, RowDataPacket } from 'mysql2/promise';
import type { Command } from '../context';

/** The schema shipped by Debian's pdns-backend-mysql, matching the installed pdns_server. */
export const PDNS_SCHEMA_FILE = '/usr/share/pdns-backend-mysql/schema/schema.mysql.sql';

/**
 * The schema's statements made safe to re-run: every CREATE gains IF NOT EXISTS, so a
 * half-created schema is completed and a complete one is left untouched.
 */
export function idempotentSchemaStatements(schemaSql: string): string[] {
  return schemaSql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) =>
      s
        .replace(/^CREATE TABLE (?!IF NOT EXISTS)/i, 'CREATE TABLE IF NOT EXISTS ')
        .replace(/^CREATE (UNIQUE )?INDEX (?!IF NOT EXISTS)/i, (_m, u: string | undefined) => `CREATE ${u ?? ''}INDEX IF NOT EXISTS `),
    );
}

/** Creates the PowerDNS tables in the connection's current database when missing. */
export async function ensurePdnsSchema(conn: Connection, schemaSql = readFileSync(PDNS_SCHEMA_FILE, 'utf8')): Promise<'created' | 'present'> {
  const [rows] = await conn.query<RowDataPacket[]>(
    "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('domains', 'records')",
  );
  const present = Number(rows[0]?.n) === 2;
  for (const statement of idempotentSchemaStatements(schemaSql)) await conn.query(statement);
  return present ? 'present' : 'created';
}

interface AgentDnsSection {
  db?: { socketPath?: string; host?: string; port?: number; user?: string; password?: string; database?: string };
}

/** The pdns connection from the agent's config: its credentials live only there. */
export function pdnsConnectionOptions(agentConfig: { dns?: AgentDnsSection }): ConnectionOptions {
  const db = { socketPath: '/run/mysqld/mysqld.sock', host: '127.0.0.1', port: 3306, user: 'pdns', password: '', database: 'pdns', ...agentConfig.dns?.db };
  return {
    ...(db.socketPath ? { socketPath: db.socketPath } : { host: db.host, port: db.port }),
    user: db.user,
    password: db.password || undefined,
    database: db.database,
    connectTimeout: 5000,
    multipleStatements: false,
  };
}

/**
 * hearthctl dns-schema [--config /etc/hearth/agent.json] [--schema FILE]: creates the
 * PowerDNS gmysql tables in the agent's pdns database when they are missing.
 */
export const dnsSchema: Command = async (args, ctx) => {
  const { values } = parseArgs({
    args,
    options: { config: { type: 'string', default: process.env.HEARTH_AGENT_CONFIG ?? '/etc/hearth/agent.json' }, schema: { type: 'string', default: PDNS_SCHEMA_FILE } },
  });
  const agentConfig = JSON.parse(readFileSync(values.config as string, 'utf8')) as { dns?: AgentDnsSection };
  const options = pdnsConnectionOptions(agentConfig);
  const conn = await createConnection(options);
  try {
    const outcome = await ensurePdnsSchema(conn, readFileSync(values.schema as string, 'utf8'));
    ctx.out(outcome === 'created' ? `created the PowerDNS schema in ${options.database}` : `the PowerDNS schema in ${options.database} is complete`);
    return 0;
  } finally {
    await conn.end();
  }
};
