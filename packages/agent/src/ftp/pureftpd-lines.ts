import { checkServiceEntry, serviceLogin, ServiceEntryFields } from '../subaccounts/service-names';

/**
 * One pure-ftpd virtual user as Hearth writes it. The line format is pure-pw's
 * (login:password:uid:gid:gecos:home/./:...): the `/./` makes pure-ftpd chroot the
 * login to its directory, and every file it writes belongs to uid:gid, the hosting
 * account's own Linux user. The gecos field holds "hearth <account> /<homedir>", so the
 * owner and the relative directory read back without another file.
 */
export interface FtpEntry extends ServiceEntryFields {
  /** false while the hosting account is suspended: the hash is prefixed with "!" and no password matches. */
  enabled: boolean;
}

export const ftpLogin = serviceLogin;

/**
 * `quotaBytes` (0 = none) goes to pure-pw's size_quota field (the 13th): pure-ftpd refuses
 * an upload that would take the login's directory over it ("Quota exceeded") and removes
 * the partial file.
 */
export function renderFtpLine(e: FtpEntry, quotaBytes = 0): string {
  const { login, homedir, dir } = checkServiceEntry(e, 'FTP', 'services.ftp.homedir');
  if (!Number.isSafeInteger(quotaBytes) || quotaBytes < 0) throw new Error('FTP quota must be a whole number of bytes');
  const password = e.enabled ? e.hash : `!${e.hash}`;
  const quota = quotaBytes > 0 ? String(quotaBytes) : '';
  return `${login}:${password}:${e.uid}:${e.gid}:hearth ${e.owner} /${homedir}:${dir}/./:::::::${quota}:::::`;
}

/** The size quota of a line Hearth wrote, in bytes (0 = none). */
export function ftpLineQuota(line: string): number {
  const q = line.split(':')[12] ?? '';
  return /^[0-9]{1,15}$/.test(q) ? Number(q) : 0;
}

/** Reads back a line Hearth wrote; null for anything else (left untouched). */
export function parseFtpLine(line: string): FtpEntry | null {
  const f = line.split(':');
  if (f.length < 6) return null;
  const [login, password, uid, gid, gecos, home] = f;
  const g = /^hearth ([a-z][a-z0-9]{2,31}) \/(.*)$/.exec(gecos);
  if (!g || !home.endsWith('/./')) return null;
  const at = login.lastIndexOf('@');
  if (at <= 0) return null;
  const enabled = !password.startsWith('!');
  const entry: FtpEntry = {
    username: login.slice(0, at), domain: login.slice(at + 1), hash: enabled ? password : password.slice(1),
    uid: Number(uid), gid: Number(gid), owner: g[1], homedir: g[2], dir: home.slice(0, -3), enabled,
  };
  try {
    return renderFtpLine(entry, ftpLineQuota(line)) === line ? entry : null;
  } catch {
    return null;
  }
}

export function ftpLineKey(line: string): string {
  return line.split(':', 1)[0];
}
