import { loadConfig } from '@hearth/shared';

/**
 * hearth-webdisk's own file (/etc/hearth/webdisk.json): where it listens (HTTPS), its
 * certificate, and the users file the agent writes. Read once at start-up.
 */
export interface WebdiskServerConfig {
  host: string;
  port: number;
  certFile: string;
  keyFile: string;
  usersFile: string;
  /** Largest PUT accepted, in bytes. */
  maxUploadBytes: number;
  logLevel: string;
}

const PATH = { type: 'string', pattern: '^/[A-Za-z0-9._/-]+$' } as const;

const schema = {
  type: 'object',
  properties: {
    host: { type: 'string', pattern: '^[0-9a-fA-F.:]+$' },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    certFile: PATH,
    keyFile: PATH,
    usersFile: PATH,
    maxUploadBytes: { type: 'integer', minimum: 1 },
    logLevel: { type: 'string', enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] },
  },
  required: ['certFile', 'keyFile'],
  additionalProperties: false,
};

export const WEBDISK_SERVER_DEFAULTS: Partial<WebdiskServerConfig> = {
  host: '127.0.0.1',
  port: 2078,
  usersFile: '/etc/hearth/webdisk.users',
  maxUploadBytes: 1024 * 1024 * 1024,
  logLevel: 'info',
};

export function loadWebdiskServerConfig(file: string): WebdiskServerConfig {
  return loadConfig<WebdiskServerConfig>(file, schema, WEBDISK_SERVER_DEFAULTS) as WebdiskServerConfig;
}
