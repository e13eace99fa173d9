import { parentPort } from 'node:worker_threads';
import { sha512Crypt } from './sha512-crypt';

// In a worker thread (see password-hasher.ts): answers {id, hash} or {id, error} for each {id, password}.
parentPort?.on('message', (m: { id: number; password: string }) => {
  try {
    parentPort?.postMessage({ id: m.id, hash: sha512Crypt(m.password) });
  } catch (e) {
    parentPort?.postMessage({ id: m.id, error: (e as Error).message });
  }
});
