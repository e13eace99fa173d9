/**
 * The agent's DNS section: where the PowerDNS `gmysql` database is and what every new
 * zone starts with. The pdns database credentials live only here (agent.json is root's):
 * the API never reaches the PowerDNS tables.
 */
export interface PdnsDbConfig {
  /** Unix socket of the MariaDB that holds the pdns tables; '' = use host/port. */
  socketPath: string;
  /** Loopback TCP, used when socketPath is ''. */
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** A connection attempt longer than this fails the request as UNAVAILABLE. */
  connectTimeoutMs: number;
}

export interface DnsSettings {
  /** false = the account steps skip DNS and the DnsService answers UNAVAILABLE. */
  enabled: boolean;
  db: PdnsDbConfig;
  /** SOA MNAME, e.g. ns1.example.net. */
  primaryNameserver: string;
  /** SOA RNAME in DNS form: hostmaster.example.net means hostmaster@example.net. */
  hostmaster: string;
  /** The apex NS set of every zone. */
  nameservers: string[];
  /** Apex, www and mail of each zone point here. */
  serverIpv4: string;
  /** '' = no AAAA records. */
  serverIpv6: string;
  defaultTtl: number;
}

/** The section as written in agent.json: any subset; dnsSettings() fills the rest. */
export type DnsConfig = Partial<Omit<DnsSettings, 'db'>> & { db?: Partial<PdnsDbConfig> };

const HOST_NAME = '^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$';

export const dnsConfigSchema = {
  type: 'object',
  properties: {
    enabled: { type: 'boolean' },
    db: {
      type: 'object',
      properties: {
        socketPath: { type: 'string', pattern: '^(|/[A-Za-z0-9._/-]+)$' },
        host: { type: 'string', enum: ['127.0.0.1', '::1', 'localhost'] },
        port: { type: 'integer', minimum: 1, maximum: 65535 },
        user: { type: 'string', pattern: '^[A-Za-z0-9_]{1,80}$' },
        password: { type: 'string', maxLength: 200 },
        database: { type: 'string', pattern: '^[A-Za-z0-9_]{1,64}$' },
        connectTimeoutMs: { type: 'integer', minimum: 100, maximum: 60000 },
      },
      required: [],
      additionalProperties: false,
    },
    primaryNameserver: { type: 'string', pattern: HOST_NAME },
    hostmaster: { type: 'string', pattern: HOST_NAME },
    nameservers: { type: 'array', items: { type: 'string', pattern: HOST_NAME }, minItems: 1, maxItems: 13, uniqueItems: true },
    serverIpv4: { type: 'string', format: 'ipv4' },
    serverIpv6: { type: 'string', anyOf: [{ const: '' }, { format: 'ipv6' }] },
    defaultTtl: { type: 'integer', minimum: 60, maximum: 86400 },
  },
  required: [],
  additionalProperties: false,
} as const;

export const dnsSettingsDefaults: DnsSettings = {
  enabled: true,
  db: {
    socketPath: '/run/mysqld/mysqld.sock',
    host: '127.0.0.1',
    port: 3306,
    user: 'pdns',
    password: '',
    database: 'pdns',
    connectTimeoutMs: 3000,
  },
  primaryNameserver: 'ns1.example.net',
  hostmaster: 'hostmaster.example.net',
  nameservers: ['ns1.example.net', 'ns2.example.net'],
  serverIpv4: '127.0.0.1',
  serverIpv6: '',
  defaultTtl: 3600,
};

/** Kept in AgentConfig's defaults: an empty section means "the defaults". */
export const dnsConfigDefaults: DnsConfig = {};

/**
 * The effective settings. In test mode a missing section means "disabled": a test agent
 * must never write into the machine's own pdns database.
 */
export function dnsSettings(config: { testMode: boolean; dns?: DnsConfig }): DnsSettings {
  const section = config.dns ?? {};
  if (config.testMode && Object.keys(section).length === 0) return { ...dnsSettingsDefaults, enabled: false };
  return { ...dnsSettingsDefaults, ...section, db: { ...dnsSettingsDefaults.db, ...section.db } } as DnsSettings;
}
