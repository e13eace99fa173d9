import { readFileSync, statSync } from 'node:fs';
import { fileStamp } from '../system/file-stamp';

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
}

function parseLine(line: string): PasswdEntry {
  const [name, , uid, gid, gecos, home, shell] = line.split(':');
  return { name, uid: Number(uid), gid: Number(gid), gecos: gecos ?? '', home: home ?? '', shell: shell ?? '' };
}

/**
 * Each user's line by name (the first line of a name wins, as for getpwnam), comments and
 * lines without a name left out. Lines are split into fields only when asked for: at 1,000
 * users a full parse made a megabyte of garbage per create (the file changes with every
 * useradd), an index by name a tenth of it.
 */
function indexLines(text: string): Map<string, string> {
  const byName = new Map<string, string>();
  for (let at = 0; at < text.length;) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const colon = text.indexOf(':', at);
    if (text[at] !== '#' && colon > at && colon < end) {
      const name = text.slice(at, colon);
      if (!byName.has(name)) byName.set(name, text.slice(at, end));
    }
    at = end + 1;
  }
  return byName;
}

interface IndexedPasswd { stamp: string; byName: Map<string, string> }
const indexed = new Map<string, IndexedPasswd>();

/**
 * Reads /etc/passwd directly: the source of truth for "does this name exist on the host".
 * Indexed once per version of the file: every step of every operation asks (at 1,000 users
 * the file is 60 KB, read and split many times per create); useradd, userdel and vipw
 * replace it by a rename, an edit in place changes its mtime, so the stamp tells. A direct
 * stat, not a promise: it is asked many times per operation (system/durable-file.ts says why).
 */
async function passwd(path: string): Promise<IndexedPasswd> {
  const stamp = fileStamp(statSync(path, { bigint: true }));
  const cached = indexed.get(path);
  if (cached?.stamp === stamp) return cached;
  const fresh = { stamp, byName: indexLines(readFileSync(path, 'utf8')) };
  indexed.set(path, fresh);
  return fresh;
}

/** Every user, one entry per name (the first line of each), in file order. */
export async function readPasswd(path = '/etc/passwd'): Promise<PasswdEntry[]> {
  return [...(await passwd(path)).byName.values()].map(parseLine);
}

export async function findUser(name: string, path = '/etc/passwd'): Promise<PasswdEntry | null> {
  const line = (await passwd(path)).byName.get(name);
  return line === undefined ? null : parseLine(line);
}

export async function groupExists(name: string, path = '/etc/group'): Promise<boolean> {
  const text = readFileSync(path, 'utf8');
  return text.split('\n').some((line) => line.split(':')[0] === name);
}

export async function readShadowFields(name: string, path = '/etc/shadow'): Promise<{ password: string; expire: string } | null> {
  const text = readFileSync(path, 'utf8');
  const line = text.split('\n').find((l) => l.split(':')[0] === name);
  if (!line) return null;
  const fields = line.split(':');
  return { password: fields[1] ?? '', expire: fields[7] ?? '' };
}
