import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every password and token the suite uses is recorded here (one JSON string per line in
 * {HEARTH_TEST_BASE}/secrets.list, appended by every jest worker), so that after the whole
 * suite `log-secrets-check.ts` can prove no log under the suite's temp roots holds one.
 * Values shorter than 8 characters are too likely to occur by chance to be checked.
 */
export const SECRETS_FILE = 'secrets.list';
export const MIN_SECRET_LENGTH = 8;

const seen = new Set<string>();

export function recordSecret(value: unknown): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH || seen.has(value)) return;
  const base = process.env.HEARTH_TEST_BASE;
  if (!base) return;
  seen.add(value);
  appendFileSync(join(base, SECRETS_FILE), `${JSON.stringify(value)}\n`);
}

const SECRET_FIELD = /pass(word)?$|secret|token|private_?key/i;

/** Records every string under a secret-looking key (password, new_password, services.ftp.password, token…). */
export function recordSecretsIn(body: unknown, depth = 0): void {
  if (!body || typeof body !== 'object' || depth > 6) return;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string' && SECRET_FIELD.test(key)) recordSecret(value);
    else recordSecretsIn(value, depth + 1);
  }
}
