import { createReadStream, promises as fs } from 'node:fs';
import { createInterface } from 'node:readline';

const MONTHS: Record<string, string> = {
  Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06', Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12',
};

// nginx's `combined` format: ... [02/Dec/2026:13:04:05 +0000] "GET / HTTP/1.1" 200 1234 "ref" "agent"
const LINE = /\[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):[^\]]*\] "(?:[^"\\]|\\.)*" \d{3} (\d+)/;

/** "2026-12" of one access-log line, with its response bytes; null for a line in another shape. */
export function parseAccessLine(line: string): { month: string; bytes: number } | null {
  const m = LINE.exec(line);
  if (!m || !MONTHS[m[2]]) return null;
  return { month: `${m[3]}-${MONTHS[m[2]]}`, bytes: Number(m[4]) };
}

/** The month an access log line is counted in, for `now` in the agent's local time (nginx logs local time). */
export function monthOf(now: Date): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

/**
 * Response bytes of `month` in these access logs (the current file and the last rotated
 * one; compressed rotations are older than a month's start on a daily rotation). Streams the
 * files line by line; a missing file counts 0. Root reads them: they are root's directory.
 */
export async function accessLogBytes(files: string[], month: string): Promise<number> {
  let total = 0;
  for (const file of files) {
    const stat = await fs.lstat(file).catch(() => null);
    if (!stat?.isFile()) continue;
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      const parsed = parseAccessLine(line);
      if (parsed && parsed.month === month) total += parsed.bytes;
    }
  }
  return total;
}
