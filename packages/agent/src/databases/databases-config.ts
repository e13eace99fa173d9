/**
 * The agent's MariaDB section: how the agent reaches MariaDB as an administrator, and from
 * where customer database users may connect. Only the agent (root) ever holds these
 * credentials. By default it uses the unix socket as root, which MariaDB authenticates by
 * the peer's uid (unix_socket plugin), so there is no admin password to store at all.
 */
export interface DatabasesConfig {
  /** false = the account steps skip databases and the DatabaseService refuses (UNAVAILABLE). */
  enabled: boolean;
  /** Admin connection over this unix socket; '' = use host/port instead. */
  socketPath: string;
  /** Loopback TCP admin connection, used only when socketPath is ''. */
  host: string;
  port: number;
  /** Administrative MariaDB user. */
  adminUser: string;
  /** File holding the admin password; '' = none (unix_socket authentication). */
  adminPasswordFile: string;
  /**
   * Hosts customer users are created for (`'bob_app'@'localhost'`). Loopback only: the
   * panel exposes no remote database access. 'localhost' covers the socket and, with
   * name resolution on, 127.0.0.1.
   */
  clientHosts: string[];
  /** How long an admin connection attempt may take before the request fails UNAVAILABLE. */
  connectTimeoutMs: number;
}

export const CLIENT_HOSTS = ['localhost', '127.0.0.1', '::1'] as const;

export const databasesConfigSchema = {
  type: 'object',
  properties: {
    enabled: { type: 'boolean' },
    socketPath: { type: 'string', pattern: '^(|/[A-Za-z0-9._/-]+)$' },
    host: { type: 'string', enum: ['127.0.0.1', '::1', 'localhost'] },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    adminUser: { type: 'string', pattern: '^[A-Za-z0-9_]{1,80}$' },
    adminPasswordFile: { type: 'string', pattern: '^(|/[A-Za-z0-9._/-]+)$' },
    clientHosts: { type: 'array', items: { type: 'string', enum: [...CLIENT_HOSTS] }, minItems: 1, maxItems: 3, uniqueItems: true },
    connectTimeoutMs: { type: 'integer', minimum: 100, maximum: 60000 },
  },
  // Nothing required: config merging is shallow, so a partial section (just a socket path,
  // say) is completed with the defaults by databasesSettings().
  required: [],
  additionalProperties: false,
} as const;

/** The section as written in agent.json: any subset of the settings. */
export type DatabasesConfigInput = Partial<DatabasesConfig>;

export const databasesConfigDefaults: DatabasesConfig = {
  enabled: true,
  socketPath: '/run/mysqld/mysqld.sock',
  host: '127.0.0.1',
  port: 3306,
  adminUser: 'root',
  adminPasswordFile: '',
  clientHosts: ['localhost'],
  connectTimeoutMs: 3000,
};

/**
 * The effective settings. In test mode a missing section means "disabled": a test agent
 * must never fall back to the machine's own MariaDB socket.
 */
export function databasesSettings(config: { testMode: boolean; databases?: DatabasesConfigInput }): DatabasesConfig {
  if (config.testMode && (!config.databases || Object.keys(config.databases).length === 0)) {
    return { ...databasesConfigDefaults, enabled: false };
  }
  return { ...databasesConfigDefaults, ...config.databases };
}
