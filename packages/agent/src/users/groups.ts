import { readFileSync } from 'node:fs';

export async function groupGid(name: string, path = '/etc/group'): Promise<number> {
  const text = readFileSync(path, 'utf8');
  const line = text.split('\n').find((l) => l.split(':')[0] === name);
  if (!line) throw new Error(`group ${name} does not exist`);
  return Number(line.split(':')[2]);
}
