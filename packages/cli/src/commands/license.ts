import { readFileSync } from 'node:fs';
import { verifyLicense } from '@hearth/shared';
import type { Command } from '../context';

/** hearthctl license verify FILE: checks the signature with the API's configured public key. */
export const license: Command = async ([sub, file], ctx) => {
  if (sub !== 'verify' || !file) {
    ctx.err('usage: hearthctl license verify FILE');
    return 2;
  }
  const key = ctx.apiConfig().license.publicKey;
  if (!key) {
    ctx.err('no license.publicKey in the API config');
    return 1;
  }
  const status = verifyLicense(readFileSync(file, 'utf8'), key);
  if (status.state === 'invalid') {
    ctx.out(`invalid: ${status.reason}`);
    return 1;
  }
  const limit = status.payload.max_accounts === 0 ? 'unlimited' : String(status.payload.max_accounts);
  ctx.out(`${status.state}: licensee ${status.payload.licensee}, accounts ${limit}, expires ${status.payload.expires_at}`);
  return status.state === 'valid' ? 0 : 1;
};
