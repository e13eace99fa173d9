import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The quickstart's number of PHP-FPM masters on this machine (one per 256 MB of memory, from
 * 4 to 64), so the private stack runs what it would: asked of the installer's own rule
 * (deploy/lib/web.sh, `_web_default_shards`; sourcing the file only defines functions).
 */
export function quickstartPhpShards(): number {
  const webSh = join(__dirname, '..', 'deploy', 'lib', 'web.sh');
  return Number(execFileSync('bash', ['-c', 'source "$1" && _web_default_shards', 'bash', webSh], { encoding: 'utf8' }).trim());
}

/** Command-line options of the scale benchmark. */
export interface ScaleOptions {
  accounts: number;
  step: number;
  concurrency: number;
  /** Creates (then deletes) done one at a time at each level, for the "one create alone" figure. */
  solo: number;
  url?: string;
  token?: string;
  ca?: string;
  statsFile?: string;
  httpPort: number;
  homeRoot: string;
  packageId: number;
  /** Private stack only: PHP-FPM masters sharing the pools (agent web.php.shards). */
  phpShards: number;
}

export const SCALE_USAGE = `usage: npm run bench:scale -- [--accounts N] [--step S] [--concurrency C] [--solo K]
                             [--url URL --token TOKEN [--ca FILE] [--stats-file FILE] [--http-port P] [--home-root DIR]]
  --accounts N     fill to N accounts (default 200), then drain back to 0
  --step S         accounts per step (default N/5, at least 1)
  --concurrency C  requests in flight during fill and drain (default 10)
  --solo K         at each level, K creates and deletes one at a time (default 5)
  --php-shards M   private stack: M PHP-FPM masters share the pools (default: as quickstart on this
                   machine, one per 256 MB of memory from 4 to 64; 1 = one master)
  --url, --token   a running API (quickstart) instead of a private stack; a loopback URL's
                   self-signed certificate is trusted, otherwise pass --ca
  --http-port P    where nginx serves the sites, for the disturbance probe (default 80)
  --home-root DIR  where homes are (default /home), to put the probe's PHP page`;

export function parseScaleOptions(argv: string[]): ScaleOptions {
  const o: ScaleOptions = { accounts: 200, step: 0, concurrency: 10, solo: 5, httpPort: 80, homeRoot: '/home', packageId: 1, phpShards: quickstartPhpShards() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n${SCALE_USAGE}`);
      return v;
    };
    const count = (min = 1): number => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < min || n > 100000) throw new Error(`${arg} must be an integer >= ${min}`);
      return n;
    };
    if (arg === '--accounts' || arg === '-n') o.accounts = count();
    else if (arg === '--step') o.step = count();
    else if (arg === '--concurrency' || arg === '-c') o.concurrency = count();
    else if (arg === '--solo') o.solo = count(0);
    else if (arg === '--url') o.url = value().replace(/\/$/, '');
    else if (arg === '--token') o.token = value();
    else if (arg === '--ca') o.ca = value();
    else if (arg === '--stats-file') o.statsFile = value();
    else if (arg === '--http-port') o.httpPort = count();
    else if (arg === '--home-root') o.homeRoot = value();
    else if (arg === '--package-id') o.packageId = count();
    else if (arg === '--php-shards') o.phpShards = count();
    else if (arg === '--help' || arg === '-h') throw new Error(SCALE_USAGE);
    else throw new Error(`unknown option ${arg}\n${SCALE_USAGE}`);
  }
  if (o.url && !o.token) throw new Error(`--url needs --token\n${SCALE_USAGE}`);
  if (!o.step) o.step = Math.max(1, Math.floor(o.accounts / 5));
  return o;
}
