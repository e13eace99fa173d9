/**
 * The agent's `webdisk` section: the users file the Web Disk server (hearth-webdisk,
 * `webdisk-main.ts`) reads on every request. The server's own settings (port,
 * certificate) are in its own file, see webdisk-server-config.ts.
 */
export interface WebdiskConfig {
  /** Off: no Web Disk service accounts (UserManager refuses services.webdisk). */
  enabled: boolean;
  /** login:hash:uid:gid:owner:/homedir:dir:perms:enabled:private (root 0600). */
  usersFile: string;
}

export const webdiskConfigSchema = {
  type: 'object',
  properties: {
    enabled: { type: 'boolean' },
    usersFile: { type: 'string', pattern: '^/[A-Za-z0-9._/-]+$' },
  },
  additionalProperties: false,
} as const;

export const webdiskConfigDefaults: WebdiskConfig = {
  enabled: false,
  usersFile: '/etc/hearth/webdisk.users',
};

export function webdiskSettings(config: { webdisk?: Partial<WebdiskConfig> }): WebdiskConfig {
  return { ...webdiskConfigDefaults, ...(config.webdisk ?? {}) };
}
