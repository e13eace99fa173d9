import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { SECRETS_FILE } from './secrets';

/** A file that is a log: *.log, *.err, rotated logs, anything named maillog or inside a logs/ directory. */
function isLogFile(path: string): boolean {
  const name = basename(path);
  // InnoDB/Aria redo logs hold table rows, not log lines (and tokens' hashes at most).
  if (/^(ib_logfile|aria_log)/.test(name)) return false;
  return /\.(log|err)(\.\d+)?$/.test(name) || /^maillog/.test(name) || /(^|\/)logs?\//.test(path);
}

function* logFiles(dir: string): Generator<string> {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    const path = join(dir, name);
    let st;
    try {
      st = lstatSync(path);
    } catch {
      continue;
    }
    if (st.isDirectory()) yield* logFiles(path);
    else if (st.isFile() && isLogFile(path)) yield path;
  }
}

/**
 * After the whole suite: every log file under the suite's temp root is searched for every
 * password and token the tests recorded (harness/secrets.ts). Any hit fails the run, naming
 * the file (never the secret, which would put it in yet another log).
 */
export function assertNoSecretsInLogs(base: string | undefined): void {
  if (!base || !existsSync(join(base, SECRETS_FILE))) return;
  const secrets = [...new Set(readFileSync(join(base, SECRETS_FILE), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as string))];
  const forms = secrets.flatMap((s) => [...new Set([s, encodeURIComponent(s), Buffer.from(s).toString('base64')])].map((f) => Buffer.from(f)));
  const leaks: string[] = [];
  let checked = 0;
  for (const file of logFiles(base)) {
    checked++;
    const text = readFileSync(file);
    const hits = forms.filter((f) => text.includes(f)).length;
    if (hits) leaks.push(`${relative(base, file)} (${hits} secret${hits > 1 ? 's' : ''})`);
  }
  process.stdout.write(`log secrets check: ${secrets.length} recorded secrets, ${checked} log files searched\n`);
  if (leaks.length) throw new Error(`Secrets found in logs under ${base} (kept for inspection): ${leaks.join(', ')}`);
}

/**
 * For harnesses that remove their root when they stop (the mail system): copies its log
 * files to {HEARTH_TEST_BASE}/kept-logs/ first, so the check after the suite still sees them.
 */
export function keepLogs(root: string): void {
  const base = process.env.HEARTH_TEST_BASE;
  if (!base) return;
  for (const file of logFiles(root)) {
    const target = join(base, 'kept-logs', basename(root), relative(root, file));
    try {
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(file, target);
    } catch {
      /* a log that vanished meanwhile has nothing left to check */
    }
  }
}
