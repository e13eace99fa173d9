import { ownerMarker } from './owner-marker';
import { safeInteger, safePath, safeSystemName, safeUsername } from './safe-values';

export interface PhpPoolParams {
  username: string;
  home: string;
  socket: string;
  /** Only this user (the web server) may connect to the socket. */
  webUser: string;
  workers: number;
  memoryMb: number;
  /** Test-mode fault: an invalid setting so `php-fpm -t` refuses the file. */
  fault?: boolean;
}

/**
 * One PHP-FPM pool per account: PHP runs as the account's own user and group, on its own
 * socket that only the web server may use, confined by open_basedir to the home (which
 * includes its tmp). `ondemand` keeps idle accounts at zero processes.
 */
export function renderPhpPool(p: PhpPoolParams): string {
  const user = safeUsername(p.username);
  const home = safePath(p.home, 'home');
  const socket = safePath(p.socket, 'socket');
  const webUser = safeSystemName(p.webUser, 'web user');
  const workers = safeInteger(p.workers, 1, 1000, 'php workers');
  const memory = safeInteger(p.memoryMb, 16, 65536, 'php memory');
  const lines = [
    ownerMarker(';', user),
    `[${user}]`,
    `user = ${user}`,
    `group = ${user}`,
    `listen = ${socket}`,
    `listen.owner = ${webUser}`,
    `listen.group = ${webUser}`,
    'listen.mode = 0600',
    'pm = ondemand',
    `pm.max_children = ${workers}`,
    'pm.process_idle_timeout = 10s',
    'pm.max_requests = 500',
    `chdir = ${home}`,
    'security.limit_extensions = .php',
    `php_admin_value[memory_limit] = ${memory}M`,
    `php_admin_value[open_basedir] = ${home}/:${home}/tmp/`,
    `php_admin_value[upload_tmp_dir] = ${home}/tmp`,
    `php_admin_value[session.save_path] = ${home}/tmp`,
    `php_admin_value[sys_temp_dir] = ${home}/tmp`,
    `php_admin_value[error_log] = ${home}/logs/php-error.log`,
    'php_admin_flag[log_errors] = on',
  ];
  if (p.fault) lines.push('hearth_fault_injected = yes');
  return `${lines.join('\n')}\n`;
}
