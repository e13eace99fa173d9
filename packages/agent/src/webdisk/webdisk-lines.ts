import { ValidationError } from '@hearth/shared';
import { checkServiceEntry, serviceLogin, ServiceEntryFields } from '../subaccounts/service-names';

/**
 * One Web Disk login as Hearth writes it to the users file the Web Disk server reads:
 * login:hash:uid:gid:owner:/homedir:dir:perms:enabled:private. Every field is checked
 * against a strict alphabet, so no value can add a field or a line.
 */
export interface WebdiskEntry extends ServiceEntryFields {
  perms: 'ro' | 'rw';
  /** false while the hosting account is suspended: the server refuses the login. */
  enabled: boolean;
  /** Directory mode: 0700 (private) or 0755. */
  private: boolean;
}

export const webdiskLogin = serviceLogin;

export function renderWebdiskLine(e: WebdiskEntry): string {
  const { login, homedir, dir } = checkServiceEntry(e, 'Web Disk', 'services.webdisk.homedir');
  if (e.perms !== 'ro' && e.perms !== 'rw') throw new ValidationError('Invalid Web Disk perms');
  return `${login}:${e.hash}:${e.uid}:${e.gid}:${e.owner}:/${homedir}:${dir}:${e.perms}:${e.enabled ? 1 : 0}:${e.private ? 1 : 0}`;
}

export function parseWebdiskLine(line: string): WebdiskEntry | null {
  const f = line.split(':');
  if (f.length !== 10) return null;
  const [login, hash, uid, gid, owner, homedir, dir, perms, enabled, priv] = f;
  const at = login.lastIndexOf('@');
  if (at <= 0 || !homedir.startsWith('/')) return null;
  const entry: WebdiskEntry = {
    username: login.slice(0, at), domain: login.slice(at + 1), hash, uid: Number(uid), gid: Number(gid), owner,
    homedir: homedir.slice(1), dir, perms: perms as 'ro' | 'rw', enabled: enabled === '1', private: priv === '1',
  };
  try {
    return renderWebdiskLine(entry) === line ? entry : null;
  } catch {
    return null;
  }
}

export function webdiskLineKey(line: string): string {
  return line.split(':', 1)[0];
}
