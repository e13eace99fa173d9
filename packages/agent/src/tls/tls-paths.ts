import { join } from 'node:path';
import { safeDomain, safePath } from '../web/safe-values';
import type { TlsSettings } from './tls-config';

/** Where a domain's certificate lives: {liveRoot}/{domain}/fullchain.pem and privkey.pem. */
export interface CertPaths {
  dir: string;
  fullchain: string;
  privkey: string;
}

export function certPaths(settings: Pick<TlsSettings, 'liveRoot'>, domain: string): CertPaths {
  const dir = safePath(join(settings.liveRoot, safeDomain(domain)), 'certificate dir');
  return { dir, fullchain: join(dir, 'fullchain.pem'), privkey: join(dir, 'privkey.pem') };
}

/** The agent's private TLS state: the ACME account key and one status file per domain. */
export function tlsStateDir(stateDir: string): string {
  return join(stateDir, 'tls');
}

export function accountKeyPath(stateDir: string): string {
  return join(tlsStateDir(stateDir), 'acme-account-key.pem');
}
