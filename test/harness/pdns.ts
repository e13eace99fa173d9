import { spawn, execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createConnection, ConnectionOptions } from 'mysql2/promise';
import { ensurePdnsSchema } from '../../packages/cli/src/commands/dns-schema';
import type { DnsConfig } from '../../packages/agent/src/dns/dns-config';
import { testMariaDb } from './mariadb';
import { waitForListening } from './ports';

/** How the harness reaches the private test MariaDB as an administrator. */
export interface MariaDbAdmin {
  host: string;
  port: number;
  user: string;
  password: string;
  socketPath?: string;
}

export interface PdnsInstance {
  /** Loopback port pdns_server answers on (UDP and TCP). */
  port: number;
  /** The agent's `dns` config section pointing at this instance's database. */
  dns: DnsConfig;
  database: string;
  /** An admin connection to the pdns database, for assertions on the tables. */
  query<T = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

/** The suite's private MariaDB (global-setup): root over its unix socket. */
export function testMariaDbAdmin(): MariaDbAdmin {
  const maria = testMariaDb();
  return { socketPath: maria.socketPath, host: maria.host, port: maria.port, user: 'root', password: '' };
}

function adminOptions(admin: MariaDbAdmin, database?: string): ConnectionOptions {
  return {
    ...(admin.socketPath ? { socketPath: admin.socketPath } : { host: admin.host, port: admin.port }),
    user: admin.user,
    password: admin.password || undefined,
    database,
    multipleStatements: false,
  };
}

/** A port free for both TCP and UDP on 127.0.0.1 (pdns_server listens on both). */
export async function freeDnsPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const tcp = createServer();
    const port = await new Promise<number>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(0, '127.0.0.1', () => resolve((tcp.address() as { port: number }).port));
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const udp = createSocket('udp4');
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => udp.close(() => resolve(true)));
    });
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
    if (udpFree) return port;
  }
  throw new Error('no free DNS port found');
}


/**
 * Creates a fresh pdns database (Debian's gmysql schema) and user on the test MariaDB and
 * starts a private pdns_server on a loopback port with every file under `root`. Caches are
 * off, as in production, so a committed row is the next answer.
 */
export async function startPdns(opts: { root: string; admin?: MariaDbAdmin; dns?: Partial<DnsConfig> }): Promise<PdnsInstance> {
  const adminInfo = opts.admin ?? testMariaDbAdmin();
  const suffix = randomBytes(4).toString('hex');
  const database = `pdns_${suffix}`;
  const user = `pdns_${suffix}`;
  const password = randomBytes(12).toString('hex');
  const dir = join(opts.root, `pdns-${suffix}`);
  await fs.mkdir(dir, { recursive: true });

  const admin = await createConnection(adminOptions(adminInfo));
  try {
    await admin.query(`CREATE DATABASE \`${database}\``);
    for (const host of ['localhost', '127.0.0.1']) {
      await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [user, host, password]);
      await admin.query(`GRANT SELECT, INSERT, UPDATE, DELETE, LOCK TABLES ON \`${database}\`.* TO ?@?`, [user, host]);
    }
    await admin.query(`USE \`${database}\``);
    await ensurePdnsSchema(admin);
  } finally {
    await admin.end();
  }

  const port = await freeDnsPort();
  const conf = [
    'launch=gmysql',
    `gmysql-host=${adminInfo.host}`,
    `gmysql-port=${adminInfo.port}`,
    `gmysql-user=${user}`,
    `gmysql-password=${password}`,
    `gmysql-dbname=${database}`,
    'local-address=127.0.0.1',
    `local-port=${port}`,
    `socket-dir=${dir}`,
    'daemon=no',
    'guardian=no',
    'disable-syslog=yes',
    'security-poll-suffix=',
    'zone-cache-refresh-interval=0',
    'cache-ttl=0',
    'negquery-cache-ttl=0',
    'query-cache-ttl=0',
    'webserver=no',
    'api=no',
    '',
  ].join('\n');
  await fs.writeFile(join(dir, 'pdns.conf'), conf, { mode: 0o600 });
  const logFile = join(dir, 'pdns.log');
  const out = await fs.open(logFile, 'w');
  const child = spawn('/usr/sbin/pdns_server', [`--config-dir=${dir}`], { stdio: ['ignore', out.fd, out.fd] });
  await out.close();
  const readLog = () => fs.readFile(logFile, 'utf8').catch(() => '');
  try {
    await waitForListening('pdns_server', child, port, readLog);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }

  const dns: DnsConfig = {
    enabled: true,
    db: { socketPath: '', host: adminInfo.host === 'localhost' ? '127.0.0.1' : adminInfo.host, port: adminInfo.port, user, password, database, connectTimeoutMs: 2000 },
    primaryNameserver: 'ns1.hearth-test.net',
    hostmaster: 'hostmaster.hearth-test.net',
    nameservers: ['ns1.hearth-test.net', 'ns2.hearth-test.net'],
    serverIpv4: '192.0.2.10',
    serverIpv6: '',
    defaultTtl: 3600,
    ...opts.dns,
  };

  return {
    port,
    dns,
    database,
    async query(sql, values = []) {
      const conn = await createConnection(adminOptions(adminInfo, database));
      try {
        const [rows] = await conn.query(sql, values);
        return rows as never;
      } finally {
        await conn.end();
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      const conn = await createConnection(adminOptions(adminInfo));
      try {
        await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
        for (const host of ['localhost', '127.0.0.1']) await conn.query('DROP USER IF EXISTS ?@?', [user, host]);
      } finally {
        await conn.end();
      }
    },
  };
}

export interface DigAnswer {
  status: string;
  /** Answer section records as [name, ttl, class, type, data]. */
  answers: { name: string; ttl: number; type: string; data: string }[];
}

/** Asks the private pdns_server with dig, as an operator would. */
export function dig(port: number, name: string, type: string): Promise<DigAnswer> {
  return new Promise((resolve, reject) => {
    execFile(
      'dig',
      ['@127.0.0.1', '-p', String(port), '+norecurse', '+time=2', '+tries=1', '+noall', '+comments', '+answer', name, type],
      { timeout: 10000 },
      (err, stdout) => {
        if (err && !stdout) return reject(err);
        const status = /status: ([A-Z]+)/.exec(stdout)?.[1] ?? 'NO_ANSWER';
        const answers = stdout
          .split('\n')
          .filter((l) => l && !l.startsWith(';'))
          .map((l) => l.split(/\s+/))
          .filter((p) => p.length >= 5)
          .map((p) => ({ name: p[0], ttl: Number(p[1]), type: p[3], data: p.slice(4).join(' ') }));
        resolve({ status, answers });
      },
    );
  });
}

/** The data of the answers of one type, sorted, e.g. ["10 mail.example.com."]. */
export async function digData(port: number, name: string, type: string): Promise<string[]> {
  const { answers } = await dig(port, name, type);
  return answers.filter((a) => a.type === type).map((a) => a.data).sort();
}
