/**
 * The agent's `ftp` section: where pure-ftpd's virtual users live. Hearth writes the
 * text file (`pure-pw` format) and compiles it with `pure-pw mkdb`; pure-ftpd reads the
 * compiled PureDB (`-l puredb:{pdbFile}`) on every login, so no reload is needed.
 */
export interface FtpConfig {
  /** Off: no FTP service accounts (UserManager refuses services.ftp). */
  enabled: boolean;
  /** The text file of virtual users (root 0600: it holds password hashes). */
  passwdFile: string;
  /** The compiled PureDB that pure-ftpd reads. */
  pdbFile: string;
  purePwPath: string;
  /** What UserManager reports as the FTP server (host:port), for clients. */
  publicPort: number;
}

const PATH = { type: 'string', pattern: '^/[A-Za-z0-9._/-]+$' } as const;

export const ftpConfigSchema = {
  type: 'object',
  properties: {
    enabled: { type: 'boolean' },
    passwdFile: PATH,
    pdbFile: PATH,
    purePwPath: PATH,
    publicPort: { type: 'integer', minimum: 1, maximum: 65535 },
  },
  additionalProperties: false,
} as const;

export const ftpConfigDefaults: FtpConfig = {
  enabled: false,
  passwdFile: '/etc/pure-ftpd/pureftpd.passwd',
  pdbFile: '/etc/pure-ftpd/pureftpd.pdb',
  purePwPath: '/usr/bin/pure-pw',
  publicPort: 21,
};

/** The section with defaults filled in (the config loader only fills top-level keys). */
export function ftpSettings(config: { ftp?: Partial<FtpConfig> }): FtpConfig {
  return { ...ftpConfigDefaults, ...(config.ftp ?? {}) };
}
