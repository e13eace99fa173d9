import { safeListen } from './safe-values';

/** One `listen` line per value, each through the strict alphabet; `suffix` such as " ssl". */
export function listenLines(listen: readonly string[], suffix = '', what = 'nginx'): string[] {
  if (listen.length === 0) throw new Error(`${what} listen list is empty`);
  return listen.map((l) => `    listen ${safeListen(l)}${suffix};`);
}
