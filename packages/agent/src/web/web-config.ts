/**
 * The web section of the agent config: where nginx and PHP-FPM keep their files, how
 * they are tested and reloaded, and the defaults of an account's PHP pool. Every path
 * is configurable so tests run the same code against private daemons under a temp root.
 * `{version}` in a pattern is replaced by a PHP version from `php.versions`, and
 * `{shard}` by a PHP-FPM master's number (see PhpConfig.shards).
 */
export interface NginxConfig {
  binary: string;
  /** The complete configuration `nginx -t -c` tests (it includes sitesEnabled). */
  mainConfig: string;
  sitesAvailable: string;
  sitesEnabled: string;
  pidFile: string;
  systemdUnit: string;
  /** `listen` values of every vhost, e.g. "80", "[::]:80", "127.0.0.1:8080". */
  listen: string[];
  /** File with the fastcgi_param defaults, included by each PHP location. */
  fastcgiParams: string;
}

export interface PhpConfig {
  binaryPattern: string;
  mainConfigPattern: string;
  poolDirPattern: string;
  pidFilePattern: string;
  systemdUnitPattern: string;
  /** Directory of the per-account pool sockets ({socketDir}/hearth-{username}.sock). */
  socketDir: string;
  /** PHP versions installed on this host; a package may only ask for one of these. */
  versions: string[];
  defaultVersion: string;
  defaultWorkers: number;
  defaultMemoryMb: number;
  /**
   * PHP-FPM masters per version that share the accounts' pools (by a hash of the username).
   * Adding or removing a pool reloads one master, and a graceful reload waits for the
   * slowest request in flight on that master only and re-parses only its pools: with one
   * master it waits for every site's and parses all N. With more than one, the main config,
   * pool dir, pid file and unit patterns must contain `{shard}` (0 … shards-1), each master
   * running as its own service. Fixed once accounts exist: a pool stays in the shard its
   * username hashed to.
   */
  shards: number;
}

export interface WebConfig {
  enabled: boolean;
  /** systemd: `systemctl reload <unit>`; direct: signal the master through its pid file. */
  serviceControl: 'systemd' | 'direct';
  /** User the web server's workers run as: the only one allowed on pool sockets. */
  webUser: string;
  nginx: NginxConfig;
  php: PhpConfig;
  /** Served at /.well-known/acme-challenge/ of every vhost; the TLS module writes tokens here. */
  acmeChallengeDir: string;
  /**
   * Where nginx writes each account's access and error log: {logRoot}/{username}/,
   * `0750 root:{account group}`. The nginx master is root and opens these paths itself, so
   * they must never lie inside a home the customer controls (a symlinked or deleted
   * `~/logs` would redirect root's writes or fail `nginx -t` for every site).
   */
  logRoot: string;
  /**
   * Rendered suspended pages ({pagesDir}/{domain}/suspended.html). Readable by nginx, so
   * outside the agent's private stateDir.
   */
  pagesDir: string;
  /** HTML of the page suspended domains answer with (503); `{{domain}}` is replaced. */
  suspendedPageTemplate: string;
  /** HTML of the default index page written to a new account's public_html. */
  defaultIndexTemplate: string;
  /** Requests arriving within this window share one test + reload. */
  reloadWindowMs: number;
  /**
   * How long a change nobody waits on (a certificate obtained in the background) may wait
   * for other changes to share an nginx test and reload with.
   */
  deferredReloadWindowMs: number;
  /** How long to wait for a reload to take effect before failing the operation. */
  reloadTimeoutMs: number;
  /** Test mode only: vhosts of these domains get an invalid directive, so `nginx -t` fails. */
  faultNginxTestFor: string[];
  /** Test mode only: pools of these domains get an invalid setting, so `php-fpm -t` fails. */
  faultPhpTestFor: string[];
}

const PATH = { type: 'string', pattern: '^/[A-Za-z0-9._/-]*$' } as const;
const PATTERN = { type: 'string', pattern: '^/[A-Za-z0-9._/{}-]*$' } as const;
const UNIT = { type: 'string', pattern: '^[A-Za-z0-9@._{}-]+$' } as const;
const VERSION = { type: 'string', pattern: '^[0-9]{1,2}\\.[0-9]{1,2}$' } as const;
const DOMAIN_LIST = { type: 'array', items: { type: 'string', pattern: '^[a-z0-9.-]+$' } } as const;

export const webConfigSchema = {
  type: 'object',
  properties: {
    enabled: { type: 'boolean' },
    serviceControl: { type: 'string', enum: ['systemd', 'direct'] },
    webUser: { type: 'string', pattern: '^[a-z_][a-z0-9_-]*$' },
    nginx: {
      type: 'object',
      properties: {
        binary: PATH, mainConfig: PATH, sitesAvailable: PATH, sitesEnabled: PATH, pidFile: PATH,
        systemdUnit: UNIT, fastcgiParams: PATH,
        listen: {
          type: 'array', minItems: 1,
          items: { type: 'string', pattern: '^(?:\\[[0-9a-f:]+\\]:|[0-9.]+:)?[0-9]{1,5}$' },
        },
      },
      additionalProperties: false,
    },
    php: {
      type: 'object',
      properties: {
        binaryPattern: PATTERN, mainConfigPattern: PATTERN, poolDirPattern: PATTERN, pidFilePattern: PATTERN,
        systemdUnitPattern: UNIT, socketDir: PATH,
        versions: { type: 'array', minItems: 1, items: VERSION },
        defaultVersion: VERSION,
        defaultWorkers: { type: 'integer', minimum: 1, maximum: 1000 },
        defaultMemoryMb: { type: 'integer', minimum: 16, maximum: 65536 },
        shards: { type: 'integer', minimum: 1, maximum: 64 },
      },
      additionalProperties: false,
    },
    acmeChallengeDir: PATH,
    logRoot: PATH,
    pagesDir: PATH,
    suspendedPageTemplate: { type: 'string', minLength: 1, maxLength: 65536 },
    defaultIndexTemplate: { type: 'string', minLength: 1, maxLength: 65536 },
    reloadWindowMs: { type: 'integer', minimum: 0, maximum: 10000 },
    deferredReloadWindowMs: { type: 'integer', minimum: 0, maximum: 60000 },
    reloadTimeoutMs: { type: 'integer', minimum: 100, maximum: 600000 },
    faultNginxTestFor: DOMAIN_LIST,
    faultPhpTestFor: DOMAIN_LIST,
  },
  required: ['enabled'],
  additionalProperties: false,
} as const;

export const DEFAULT_SUSPENDED_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Account suspended</title></head>
<body><h1>This account has been suspended</h1>
<p>The website {{domain}} is temporarily unavailable. If you own it, please contact your hosting provider.</p>
</body></html>
`;

export const DEFAULT_INDEX_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{domain}}</title></head>
<body><h1>{{domain}} is hosted by Hearth</h1>
<p>This is the default page of a new account. Upload your site to public_html to replace it.</p>
</body></html>
`;

export const webConfigDefaults: WebConfig = {
  enabled: false,
  serviceControl: 'systemd',
  webUser: 'www-data',
  nginx: {
    binary: '/usr/sbin/nginx',
    mainConfig: '/etc/nginx/nginx.conf',
    sitesAvailable: '/etc/nginx/sites-available',
    sitesEnabled: '/etc/nginx/sites-enabled',
    pidFile: '/run/nginx.pid',
    systemdUnit: 'nginx',
    listen: ['80', '[::]:80'],
    fastcgiParams: '/etc/nginx/fastcgi_params',
  },
  php: {
    binaryPattern: '/usr/sbin/php-fpm{version}',
    mainConfigPattern: '/etc/php/{version}/fpm/php-fpm.conf',
    poolDirPattern: '/etc/php/{version}/fpm/pool.d',
    pidFilePattern: '/run/php/php{version}-fpm.pid',
    systemdUnitPattern: 'php{version}-fpm',
    socketDir: '/run/php',
    versions: ['8.2'],
    defaultVersion: '8.2',
    defaultWorkers: 5,
    defaultMemoryMb: 128,
    shards: 1,
  },
  acmeChallengeDir: '/var/lib/hearth-web/acme-challenge',
  logRoot: '/var/log/hearth/web',
  pagesDir: '/var/lib/hearth-web/pages',
  suspendedPageTemplate: DEFAULT_SUSPENDED_PAGE,
  defaultIndexTemplate: DEFAULT_INDEX_PAGE,
  reloadWindowMs: 50,
  deferredReloadWindowMs: 2000,
  reloadTimeoutMs: 20000,
  faultNginxTestFor: [],
  faultPhpTestFor: [],
};

/**
 * Fills in the defaults of every key the config file leaves out, nested sections too
 * (config loading merges defaults one level deep only). The schema leaves nested keys
 * optional for that reason; code reads the web section only through this function.
 */
export function resolveWebConfig(raw: Partial<WebConfig> | undefined): WebConfig {
  const r = raw ?? {};
  return {
    ...webConfigDefaults,
    ...r,
    nginx: { ...webConfigDefaults.nginx, ...(r.nginx ?? {}) },
    php: { ...webConfigDefaults.php, ...(r.php ?? {}) },
  };
}

/** Replaces `{version}` in a configured pattern. */
export function withVersion(pattern: string, version: string): string {
  return pattern.split('{version}').join(version);
}

/** Replaces `{version}` and `{shard}` in a configured pattern. */
export function withShard(pattern: string, version: string, shard: number): string {
  return withVersion(pattern, version).split('{shard}').join(String(shard));
}

/** Every master's pool directory of one PHP version (one per shard; the same one repeated when the pattern has no `{shard}`). */
export function poolDirs(php: Pick<PhpConfig, 'shards' | 'poolDirPattern'>, version: string): string[] {
  return [...new Set(Array.from({ length: php.shards }, (_, shard) => withShard(php.poolDirPattern, version, shard)))];
}

/** The PHP-FPM master (0 … shards-1) that holds the account's pool: FNV-1a of the username. */
export function shardOf(php: Pick<PhpConfig, 'shards'>, username: string): number {
  if (php.shards <= 1) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < username.length; i++) {
    h ^= username.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % php.shards;
}

/** Start-up check: several masters need `{shard}` in every per-master pattern. */
export function phpShardProblem(php: PhpConfig): string | null {
  if (php.shards <= 1) return null;
  const missing = (['mainConfigPattern', 'poolDirPattern', 'pidFilePattern', 'systemdUnitPattern'] as const).filter((k) => !php[k].includes('{shard}'));
  return missing.length === 0 ? null : `web.php.shards is ${php.shards} but ${missing.join(', ')} lack {shard}`;
}
