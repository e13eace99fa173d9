import { join } from 'node:path';
import pino from 'pino';
import { ExecError } from './exec';
import { SpawnerExec } from './spawner-exec';

/* The built spawner (npm run build precedes the suite), talked to as the agent does. */
const SCRIPT = join(__dirname, '..', '..', 'dist', 'system', 'spawner-main.js');
const log = pino({ level: 'silent' });

describe('SpawnerExec', () => {
  let spawner: SpawnerExec;
  beforeEach(() => { spawner = new SpawnerExec(SCRIPT, log); });
  afterEach(() => spawner.close());

  test('runs a program with an argument array and returns its output; no shell reads the arguments', async () => {
    const r = await spawner.exec('printf', ['%s|', 'a b', '$(id)', '; rm -rf /']);
    expect(r).toEqual({ stdout: 'a b|$(id)|; rm -rf /|', stderr: '', code: 0 });
    expect((await spawner.exec('cat', [], { input: 'from stdin' })).stdout).toBe('from stdin');
  });

  test('a non-zero exit is an ExecError with code and stderr, unless the code is allowed', async () => {
    const err = await spawner.exec('sh', ['-c', 'echo oops >&2; exit 3']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecError);
    expect((err as ExecError).result).toMatchObject({ code: 3, stderr: 'oops\n' });
    expect((await spawner.exec('sh', ['-c', 'exit 1'], { okCodes: [1] })).code).toBe(1);
    const missing = await spawner.exec('/nonexistent/program', []).catch((e: unknown) => e);
    expect((missing as ExecError).result.stderr).toBe('/nonexistent/program: not found');
  });

  test('many commands at once each get their own answer', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => spawner.exec('echo', [String(i)])));
    expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 40 }, (_, i) => `${i}\n`));
  });

  test('a spawner that dies fails the commands in flight; the next command starts a new one', async () => {
    const running = spawner.exec('sleep', ['5']);
    await new Promise((r) => setTimeout(r, 300));
    const pid = (spawner as unknown as { worker: { pid: number } }).worker.pid;
    process.kill(pid, 'SIGKILL');
    await expect(running).rejects.toThrow(/spawner ended/);
    expect((await spawner.exec('echo', ['again'])).stdout).toBe('again\n');
    expect((spawner as unknown as { worker: { pid: number } }).worker.pid).not.toBe(pid);
  });
});
