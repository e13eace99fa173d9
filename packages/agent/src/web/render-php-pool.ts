import { ownerMarker } from './owner-marker';
import { safeInteger, safePath, safeUsername } from './safe-values';

export interface PhpPoolParams {
  username: string;
  /** The account's uid and gid (see renderPhpPool: numbers, not names). */
  uid: number;
  gid: number;
  home: string;
  socket: string;
  /** Only this user (the web server) may connect to the socket: its uid and primary gid. */
  webUid: number;
  webGid: number;
  workers: number;
  memoryMb: number;
  /** Test-mode fault: an invalid setting so `php-fpm -t` refuses the file. */
  fault?: boolean;
}

/** Any uid or gid but root's (0) and the invalid (uid_t)-1. */
const MAX_ID = 4_294_967_294;

/**
 * One PHP-FPM pool per account: PHP runs as the account's own user and group, on its own
 * socket that only the web server may use, confined by open_basedir to the home (which
 * includes its tmp). `ondemand` keeps idle accounts at zero processes.
 *
 * Owners are numbers: a master resolves a name by reading /etc/passwd or /etc/group from the
 * top, at every start and reload, for every pool it holds (O(accounts) each: at 1,000
 * accounts 3–5 ms of a 60 ms re-execution with 62 pools, bench/README.md, tenth pass). With
 * a number for `user` it sets no USER or HOME for PHP, so the pool sets both.
 */
export function renderPhpPool(p: PhpPoolParams): string {
  const user = safeUsername(p.username);
  const uid = safeInteger(p.uid, 1, MAX_ID, 'uid');
  const gid = safeInteger(p.gid, 1, MAX_ID, 'gid');
  const home = safePath(p.home, 'home');
  const socket = safePath(p.socket, 'socket');
  const webUid = safeInteger(p.webUid, 1, MAX_ID, 'web server uid');
  const webGid = safeInteger(p.webGid, 1, MAX_ID, 'web server gid');
  const workers = safeInteger(p.workers, 1, 1000, 'php workers');
  const memory = safeInteger(p.memoryMb, 16, 65536, 'php memory');
  const lines = [
    ownerMarker(';', user),
    `[${user}]`,
    `user = ${uid}`,
    `group = ${gid}`,
    `listen = ${socket}`,
    `listen.owner = ${webUid}`,
    `listen.group = ${webGid}`,
    'listen.mode = 0600',
    'pm = ondemand',
    `pm.max_children = ${workers}`,
    'pm.process_idle_timeout = 10s',
    'pm.max_requests = 500',
    `chdir = ${home}`,
    `env[HOME] = ${home}`,
    `env[USER] = ${user}`,
    'security.limit_extensions = .php',
    `php_admin_value[memory_limit] = ${memory}M`,
    // The home alone: PHP resolves every open_basedir entry through its symlinks at each
    // check, and ~/tmp is the customer's to replace (with a link to / it would open
    // everything). The home itself is where its parent, root's, says it is.
    `php_admin_value[open_basedir] = ${home}/`,
    `php_admin_value[upload_tmp_dir] = ${home}/tmp`,
    `php_admin_value[session.save_path] = ${home}/tmp`,
    `php_admin_value[sys_temp_dir] = ${home}/tmp`,
    `php_admin_value[error_log] = ${home}/logs/php-error.log`,
    'php_admin_flag[log_errors] = on',
  ];
  if (p.fault) lines.push('hearth_fault_injected = yes');
  return `${lines.join('\n')}\n`;
}
