import type { Logger } from '@hearth/shared';
import type { Exec } from './system/exec';
import type { KeyedMutex } from './system/keyed-mutex';
import type { WebServices } from './web/web-services';
import type { DatabaseAdmin } from './databases/mariadb-admin';
import type { ZoneWriter } from './dns/zone-writer';
import type { PostfixDovecotMail } from './mail/postfix-dovecot-mail';
import type { TlsManager } from './tls/tls-manager';
import type { PureFtpdAccounts } from './ftp/pureftpd-accounts';
import type { WebdiskAccounts } from './webdisk/webdisk-accounts';

/**
 * Long-lived collaborators shared by every operation, built once in main.ts.
 * Modules add their own (reload coordinator, PowerDNS connection, ...).
 */
export interface AgentServices {
  readonly exec: Exec;
  readonly log: Logger;
  /** One lock per username, shared by every module: operations on one account never interleave. */
  readonly accountLocks: KeyedMutex;
  /** nginx / PHP-FPM reload coordinators (web module). */
  readonly web: WebServices;
  /** MariaDB admin connection for customer databases; null/absent when disabled. */
  readonly databases?: DatabaseAdmin | null;
  /** PowerDNS zone writer (dns module); null/absent when DNS is disabled. */
  readonly dns?: ZoneWriter | null;
  /** Postfix maps + Dovecot users (mail module); null/absent when mail is disabled. */
  readonly mail?: PostfixDovecotMail | null;
  /** ACME certificates and HTTPS vhosts (tls module); null/absent when TLS is disabled. */
  readonly tls?: TlsManager | null;
  /** pure-ftpd virtual users (subaccounts module); null/absent when FTP is disabled. */
  readonly ftp?: PureFtpdAccounts | null;
  /** Web Disk logins (subaccounts module); null/absent when Web Disk is disabled. */
  readonly webdisk?: WebdiskAccounts | null;
}
