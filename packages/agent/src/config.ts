import { loadConfig, parseConfig, MetricsConfig, metricsConfigSchema, METRICS_CONFIG_DEFAULTS } from '@hearth/shared';
import { WebConfig, webConfigDefaults, webConfigSchema } from './web/web-config';
import { DnsConfig, dnsConfigDefaults, dnsConfigSchema } from './dns/dns-config';
import { MailConfig, mailConfigDefaults, mailConfigSchema } from './mail/mail-config';
import { DatabasesConfigInput, databasesConfigSchema } from './databases/databases-config';
import { TlsConfig, tlsConfigDefaults, tlsConfigSchema } from './tls/tls-config';
import { FtpConfig, ftpConfigSchema } from './ftp/ftp-config';
import { WebdiskConfig, webdiskConfigSchema } from './webdisk/webdisk-config';

/**
 * The agent's configuration, validated once at start-up into a frozen object.
 * Every host path is configurable so tests run the same code under a temp root.
 */
export interface AgentConfig {
  socketPath: string;
  /** Group that may connect to the socket (the API's group). */
  socketGroup: string;
  /** File holding the shared secret the API presents on every call. */
  tokenFile: string;
  /** Journal, operation results and per-account state. */
  stateDir: string;
  logLevel: string;
  /** Root of account homes: {homeRoot}/{username}. */
  homeRoot: string;
  /** Group of the web server: may traverse homes and read public_html. */
  webGroup: string;
  /** Login shell of account users. */
  userShell: string;
  /** GECOS comment that marks Linux users Hearth manages; nothing else is ever deleted. */
  userMarker: string;
  /** cron's per-user spool: an account's crontab is removed with it (users/crontab.ts). */
  cronSpoolDir: string;
  /** Test mode enables fault switches; never set in production. */
  testMode: boolean;
  web: WebConfig;
  dns: DnsConfig;
  mail: MailConfig;
  /** Customer MariaDB databases; read through databasesSettings() (fills in defaults). */
  databases?: DatabasesConfigInput;
  /** ACME certificates; read through tlsSettings() (fills in defaults). */
  tls?: TlsConfig;
  /** pure-ftpd virtual users; read through ftpSettings() (fills in defaults). */
  ftp?: Partial<FtpConfig>;
  /** Web Disk logins; read through webdiskSettings() (fills in defaults). */
  webdisk?: Partial<WebdiskConfig>;
  /** Prometheus /metrics on a loopback listener (off unless enabled). */
  metrics: MetricsConfig;
}

const schema = {
  type: 'object',
  properties: {
    socketPath: { type: 'string', minLength: 1 },
    socketGroup: { type: 'string', minLength: 1 },
    tokenFile: { type: 'string', minLength: 1 },
    stateDir: { type: 'string', minLength: 1 },
    logLevel: { type: 'string', enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] },
    homeRoot: { type: 'string', pattern: '^/[A-Za-z0-9._/-]*$' },
    webGroup: { type: 'string', pattern: '^[a-z_][a-z0-9_-]*$' },
    userShell: { type: 'string', pattern: '^/[A-Za-z0-9._/-]+$' },
    userMarker: { type: 'string', pattern: '^[A-Za-z0-9 _-]{3,64}$' },
    cronSpoolDir: { type: 'string', pattern: '^/[A-Za-z0-9._/-]*$' },
    testMode: { type: 'boolean' },
    web: webConfigSchema,
    dns: dnsConfigSchema,
    mail: mailConfigSchema,
    databases: databasesConfigSchema,
    tls: tlsConfigSchema,
    ftp: ftpConfigSchema,
    webdisk: webdiskConfigSchema,
    metrics: metricsConfigSchema,
  },
  required: ['socketPath', 'socketGroup', 'tokenFile', 'stateDir', 'homeRoot'],
  additionalProperties: false,
};

export const AGENT_CONFIG_DEFAULTS: Partial<AgentConfig> = {
  socketPath: '/run/hearth/agent.sock',
  socketGroup: 'hearth',
  tokenFile: '/etc/hearth/agent.token',
  stateDir: '/var/lib/hearth',
  logLevel: 'info',
  homeRoot: '/home',
  webGroup: 'www-data',
  userShell: '/usr/sbin/nologin',
  userMarker: 'hearth-managed',
  cronSpoolDir: '/var/spool/cron/crontabs', // Debian cron's: one file per user name, dir 1730 root:crontab
  testMode: false,
  web: webConfigDefaults,
  dns: dnsConfigDefaults,
  mail: mailConfigDefaults,
  tls: tlsConfigDefaults,
  metrics: METRICS_CONFIG_DEFAULTS,
};

export function loadAgentConfig(file: string): AgentConfig {
  return loadConfig<AgentConfig>(file, schema, AGENT_CONFIG_DEFAULTS) as AgentConfig;
}

export function parseAgentConfig(raw: unknown): AgentConfig {
  return parseConfig<AgentConfig>(raw, schema, AGENT_CONFIG_DEFAULTS) as AgentConfig;
}
