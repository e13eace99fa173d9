import { join } from 'node:path';
import { readJsonIfExists } from '../system/durable-file';

/**
 * The disk quota of a hosting account, from the agent's own account record (never from
 * a request): what each of its FTP logins may store. 0 when unlimited or unknown.
 */
export function accountQuotaMb(stateDir: string): (owner: string) => Promise<number> {
  return async (owner) => {
    if (!/^[a-z][a-z0-9]{2,31}$/.test(owner)) return 0;
    const record = await readJsonIfExists<{ limits?: { diskQuotaMb?: number } }>(join(stateDir, 'accounts', `${owner}.json`));
    const mb = record?.limits?.diskQuotaMb ?? 0;
    return Number.isSafeInteger(mb) && mb > 0 ? mb : 0;
  };
}
