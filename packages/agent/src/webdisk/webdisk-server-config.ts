import { loadConfig } from '@hearth/shared';
import type { ThrottleSettings } from './file-login-throttle';

/**
 * hearth-webdisk's own file (/etc/hearth/webdisk.json), read once at start-up by the
 * root launcher: where the front listens (HTTPS), its certificate, the users file the
 * agent writes, the unprivileged user the front runs as, its state directory (login
 * throttle), limits and timeouts.
 */
export interface WebdiskServerConfig {
  host: string;
  port: number;
  /** Optional plain-HTTP port (same host), for a TLS-terminating reverse proxy on this machine. */
  httpPort?: number;
  certFile: string;
  keyFile: string;
  usersFile: string;
  /** The agent's state directory: each account's record there holds its package's disk quota. */
  agentStateDir: string;
  /** The front's Linux user (never root). */
  user: string;
  /** The front's state (login throttle), owned by `user`, 0700. */
  stateDir: string;
  /** Largest request body accepted, in bytes, counted as it arrives (chunked too). */
  maxUploadBytes: number;
  maxWorkers: number;
  workerIdleMs: number;
  /** Longest a request may wait for its worker without any progress. */
  requestTimeoutMs: number;
  /** Dead properties per login, in bytes of their JSON file. */
  maxPropsBytes: number;
  cryptThreads: number;
  throttle: ThrottleSettings;
  trustedProxies: string[];
  logLevel: string;
}

const PATH = { type: 'string', pattern: '^/[A-Za-z0-9._/-]+$' } as const;
const INT = { type: 'integer', minimum: 1 } as const;

const schema = {
  type: 'object',
  properties: {
    host: { type: 'string', pattern: '^[0-9a-fA-F.:]+$' },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    httpPort: { type: 'integer', minimum: 1, maximum: 65535 },
    certFile: PATH,
    keyFile: PATH,
    usersFile: PATH,
    agentStateDir: PATH,
    user: { type: 'string', pattern: '^[a-z_][a-z0-9_-]{0,31}$' },
    stateDir: PATH,
    maxUploadBytes: INT,
    maxWorkers: INT,
    workerIdleMs: INT,
    requestTimeoutMs: INT,
    maxPropsBytes: INT,
    cryptThreads: { type: 'integer', minimum: 1, maximum: 16 },
    throttle: {
      type: 'object',
      properties: { loginBudget: INT, addressBudget: INT, baseDelayMs: INT, maxDelayMs: INT, forgetMs: INT },
      additionalProperties: false,
    },
    trustedProxies: { type: 'array', items: { type: 'string', pattern: '^[0-9a-fA-F.:]+$' } },
    logLevel: { type: 'string', enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] },
  },
  required: ['certFile', 'keyFile'],
  additionalProperties: false,
};

export const THROTTLE_DEFAULTS: ThrottleSettings = { loginBudget: 5, addressBudget: 30, baseDelayMs: 2000, maxDelayMs: 15 * 60_000, forgetMs: 60 * 60_000 };

export const WEBDISK_SERVER_DEFAULTS: Partial<WebdiskServerConfig> = {
  host: '127.0.0.1',
  port: 2078,
  usersFile: '/etc/hearth/webdisk.users',
  agentStateDir: '/var/lib/hearth',
  user: 'hearth-webdisk',
  stateDir: '/var/lib/hearth-webdisk',
  maxUploadBytes: 1024 * 1024 * 1024,
  maxWorkers: 64,
  workerIdleMs: 60_000,
  requestTimeoutMs: 120_000,
  maxPropsBytes: 1024 * 1024,
  cryptThreads: 2,
  trustedProxies: [],
  logLevel: 'info',
};

export function loadWebdiskServerConfig(file: string): WebdiskServerConfig {
  const c = loadConfig<WebdiskServerConfig>(file, schema, WEBDISK_SERVER_DEFAULTS) as WebdiskServerConfig;
  // Basic credentials in clear text are only acceptable on the loopback interface.
  if (c.httpPort !== undefined && c.host !== '127.0.0.1' && c.host !== '::1') throw new Error(`${file}: httpPort needs host 127.0.0.1 or ::1`);
  return { ...c, throttle: { ...THROTTLE_DEFAULTS, ...(c.throttle ?? {}) } };
}
