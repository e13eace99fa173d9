import { parentPort } from 'node:worker_threads';
import { timingSafeEqual } from 'node:crypto';
import { sha512Crypt } from '../mail/sha512-crypt';

/** Verifies a password against a $6$ crypt hash by recomputing it with the same salt and rounds. */
export function verifyCrypt(password: string, hash: string): boolean {
  const m = /^\$6\$(?:rounds=([0-9]+)\$)?([./0-9A-Za-z]{1,16})\$/.exec(hash);
  if (!m) return false;
  const computed = Buffer.from(sha512Crypt(password, m[2], m[1] ? Number(m[1]) : 5000));
  const expected = Buffer.from(hash);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

// In a worker thread: answer {id, ok} for each {id, password, hash}.
parentPort?.on('message', (m: { id: number; password: string; hash: string }) => {
  let ok = false;
  try {
    ok = verifyCrypt(m.password, m.hash);
  } catch {
    ok = false;
  }
  parentPort?.postMessage({ id: m.id, ok });
});
