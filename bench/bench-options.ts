/** Command-line options of the account benchmark. */
export interface BenchOptions {
  accounts: number;
  concurrency: number;
  /** Run against an already running API instead of starting a private stack. */
  url?: string;
  token?: string;
  /** The API's certificate (not needed for a loopback URL). */
  ca?: string;
  /** The agent's web-reload-stats.json (with --url; defaults to /var/lib/hearth/...). */
  statsFile?: string;
  packageId: number;
  keep: boolean;
}

export const USAGE = `usage: npm run bench -- [--accounts N] [--concurrency C] [--url URL --token TOKEN [--stats-file FILE]] [--package-id ID] [--keep]
  --accounts N       accounts to create and then delete (default 100)
  --concurrency C    requests in flight (default 10)
  --url, --token     use a running API (e.g. after quickstart) instead of a private stack
  --ca FILE          the API's certificate (a loopback URL's self-signed one is trusted without it)
  --stats-file FILE  the agent's reload counters (default /var/lib/hearth/web-reload-stats.json)
  --keep             do not delete the accounts afterwards (no delete timings)`;

export function parseBenchOptions(argv: string[]): BenchOptions {
  const opts: BenchOptions = { accounts: 100, concurrency: 10, packageId: 1, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    const count = (): number => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1 || n > 100000) throw new Error(`${arg} must be a positive integer`);
      return n;
    };
    if (arg === '--accounts' || arg === '-n') opts.accounts = count();
    else if (arg === '--concurrency' || arg === '-c') opts.concurrency = count();
    else if (arg === '--url') opts.url = value().replace(/\/$/, '');
    else if (arg === '--token') opts.token = value();
    else if (arg === '--ca') opts.ca = value();
    else if (arg === '--stats-file') opts.statsFile = value();
    else if (arg === '--package-id') opts.packageId = count();
    else if (arg === '--keep') opts.keep = true;
    else if (arg === '--help' || arg === '-h') throw new Error(USAGE);
    else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  if (opts.url && !opts.token) throw new Error(`--url needs --token\n${USAGE}`);
  return opts;
}
