import { join } from 'node:path';
import { readJsonIfExists } from '../system/durable-file';

/**
 * The disk quota of a hosting account, from the agent's own account record (never from
 * a request): what its FTP logins and Web Disk logins may store together with everything
 * else in the home. 0 when unlimited or unknown. Read on each use, so a package change
 * that rewrites the record applies to the next login without restarting anything.
 */
export function accountQuotaMb(stateDir: string): (owner: string) => Promise<number> {
  return async (owner) => {
    if (!/^[a-z][a-z0-9]{2,31}$/.test(owner)) return 0;
    const record = await readJsonIfExists<{ limits?: { diskQuotaMb?: number } }>(join(stateDir, 'accounts', `${owner}.json`));
    const mb = record?.limits?.diskQuotaMb ?? 0;
    return Number.isSafeInteger(mb) && mb > 0 ? mb : 0;
  };
}
