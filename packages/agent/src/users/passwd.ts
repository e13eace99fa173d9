import { promises as fs } from 'node:fs';

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
}

/** Reads /etc/passwd directly: the source of truth for "does this name exist on the host". */
export async function readPasswd(path = '/etc/passwd'): Promise<PasswdEntry[]> {
  const text = await fs.readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [name, , uid, gid, gecos, home, shell] = line.split(':');
      return { name, uid: Number(uid), gid: Number(gid), gecos: gecos ?? '', home: home ?? '', shell: shell ?? '' };
    });
}

export async function findUser(name: string): Promise<PasswdEntry | null> {
  return (await readPasswd()).find((u) => u.name === name) ?? null;
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
