/**
 * Names that must never become a hosting account: system users of Debian and of the
 * daemons Hearth drives, plus names that would be confusing in mail or URLs.
 * The agent additionally refuses any name already present in /etc/passwd.
 */
export const RESERVED_USERNAMES: ReadonlySet<string> = new Set([
  'root', 'daemon', 'bin', 'sys', 'sync', 'games', 'man', 'lp', 'mail', 'news', 'uucp', 'proxy',
  'www', 'wwwdata', 'backup', 'list', 'irc', 'gnats', 'nobody', 'systemd', 'messagebus', 'sshd',
  'mysql', 'mariadb', 'postfix', 'dovecot', 'dovenull', 'vmail', 'pdns', 'powerdns', 'nginx',
  'apache', 'httpd', 'hearth', 'admin', 'administrator', 'postmaster', 'hostmaster', 'webmaster',
  'abuse', 'ftp', 'ftpuser', 'pureftpd', 'proftpd', 'bind', 'named', 'ntp', 'operator', 'staff',
  'users', 'sudo', 'wheel', 'adm', 'tty', 'disk', 'kmem', 'dialout', 'shadow', 'utmp', 'video',
  'audio', 'plugdev', 'netdev', 'input', 'render', 'tss', 'polkitd', 'avahi', 'redis', 'memcache',
  'postgres', 'git', 'test', 'guest', 'info', 'support', 'security', 'localhost', 'pebble',
  'letsencrypt', 'certbot', 'acme', 'panel', 'api', 'agent', 'php', 'phpfpm', 'cpanel', 'whm',
]);
