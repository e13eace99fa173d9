import { promises as fs } from 'node:fs';
import { fileStamp } from '../system/file-stamp';

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
}

function parsePasswd(text: string): PasswdEntry[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [name, , uid, gid, gecos, home, shell] = line.split(':');
      return { name, uid: Number(uid), gid: Number(gid), gecos: gecos ?? '', home: home ?? '', shell: shell ?? '' };
    });
}

interface ParsedPasswd { stamp: string; entries: PasswdEntry[]; byName: Map<string, PasswdEntry> }
const parsed = new Map<string, ParsedPasswd>();

/**
 * Reads /etc/passwd directly: the source of truth for "does this name exist on the host".
 * Parsed once per version of the file: every step of every operation asks (at 1,000 users
 * the file is 60 KB, read and split many times per create); useradd, userdel and vipw
 * replace it by a rename, an edit in place changes its mtime, so the stamp tells.
 */
async function passwd(path: string): Promise<ParsedPasswd> {
  const stamp = fileStamp(await fs.stat(path, { bigint: true }));
  const cached = parsed.get(path);
  if (cached?.stamp === stamp) return cached;
  const entries = parsePasswd(await fs.readFile(path, 'utf8'));
  const byName = new Map<string, PasswdEntry>();
  for (const e of entries) if (!byName.has(e.name)) byName.set(e.name, e); // the first line wins, as for getpwnam
  const fresh = { stamp, entries, byName };
  parsed.set(path, fresh);
  return fresh;
}

export async function readPasswd(path = '/etc/passwd'): Promise<PasswdEntry[]> {
  return (await passwd(path)).entries.map((e) => ({ ...e }));
}

export async function findUser(name: string, path = '/etc/passwd'): Promise<PasswdEntry | null> {
  const entry = (await passwd(path)).byName.get(name);
  return entry ? { ...entry } : null;
}

export async function groupExists(name: string, path = '/etc/group'): Promise<boolean> {
  const text = await fs.readFile(path, 'utf8');
  return text.split('\n').some((line) => line.split(':')[0] === name);
}

export async function readShadowFields(name: string, path = '/etc/shadow'): Promise<{ password: string; expire: string } | null> {
  const text = await fs.readFile(path, 'utf8');
  const line = text.split('\n').find((l) => l.split(':')[0] === name);
  if (!line) return null;
  const fields = line.split(':');
  return { password: fields[1] ?? '', expire: fields[7] ?? '' };
}
