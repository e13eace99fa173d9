import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HashPool } from './password-hasher';

// A stand-in for hash-thread.js with the same message protocol (the real one is compiled JS).
const THREAD = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => parentPort.postMessage(m.password === 'boom' ? { id: m.id, error: 'bad' } : { id: m.id, hash: 'h:' + m.password }));
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-hash-pool-'));
  writeFileSync(join(dir, 'thread.js'), THREAD);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !what() && Date.now() < end;) await sleep(20);
}

test('threads start on demand, end when idle, and start again for the next hash', async () => {
  const pool = new HashPool(join(dir, 'thread.js'), 2, 200);
  expect(pool.running).toBe(0);
  expect(await Promise.all(['a', 'b', 'c'].map((p) => pool.hash(p)))).toEqual(['h:a', 'h:b', 'h:c']);
  expect(pool.running).toBe(2);
  await until(() => pool.running === 0);
  expect(pool.running).toBe(0);
  await expect(pool.hash('boom')).rejects.toThrow('bad');
  expect(await pool.hash('d')).toBe('h:d');
  await until(() => pool.running === 0);
  expect(pool.running).toBe(0);
});

test('a hash asked for just as the idle threads end is answered by a new thread', async () => {
  const pool = new HashPool(join(dir, 'thread.js'), 1, 50);
  expect(await pool.hash('a')).toBe('h:a');
  // Ask again around the moment the idle timer fires, many times over.
  const answers: Promise<string>[] = [];
  for (let i = 0; i < 20; i++) {
    await sleep(5 + (i % 5) * 10);
    answers.push(pool.hash(`p${i}`));
  }
  expect(await Promise.all(answers)).toEqual(Array.from({ length: 20 }, (_, i) => `h:p${i}`));
  await until(() => pool.running === 0);
  expect(pool.running).toBe(0);
});
