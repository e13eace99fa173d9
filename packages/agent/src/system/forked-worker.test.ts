import { join } from 'node:path';
import pino from 'pino';
import { ForkedWorker, WorkerLostError } from './forked-worker';

/* The built spawner (npm run build precedes the suite) as the script: it answers one message per request. */
const SCRIPT = join(__dirname, '..', '..', 'dist', 'system', 'spawner-main.js');
const log = pino({ level: 'silent' });
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
const echo = { file: 'echo', args: ['hi'], opts: {} };

test('with idleMs the child ends after its last answer, and the next request starts a new one', async () => {
  const worker = new ForkedWorker<typeof echo, { result: { stdout: string } }>({ script: SCRIPT, execArgv: [], name: 'the test worker', idleMs: 200 }, log);
  try {
    expect((await worker.request(echo)).result.stdout).toBe('hi\n');
    const first = worker.pid as number;
    await new Promise((r) => setTimeout(r, 1000));
    expect(worker.pid).toBeUndefined();
    expect(alive(first)).toBe(false);
    expect((await worker.request(echo)).result.stdout).toBe('hi\n');
    expect(worker.pid).not.toBe(first);
  } finally {
    worker.close();
  }
});

test('a request in flight when the child is killed fails with WorkerLostError naming the worker', async () => {
  const worker = new ForkedWorker<object, object>({ script: SCRIPT, execArgv: [], name: 'the test worker', idleMs: 200 }, log);
  try {
    const running = worker.request({ file: 'sleep', args: ['5'], opts: {} });
    await new Promise((r) => setTimeout(r, 300));
    process.kill(worker.pid as number, 'SIGKILL');
    const err = await running.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerLostError);
    expect((err as Error).message).toMatch(/^the test worker ended \(SIGKILL\)/);
  } finally {
    worker.close();
  }
});
