import { spawn, ChildProcess } from 'node:child_process';
import { openSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startStack, Stack, REPO } from '../harness/stack';
import { freePort, waitFor } from '../harness/ports';

/*
 * Issue 14: Type=notify and WatchdogSec without systemd. A real SOCK_DGRAM unix socket
 * made here by python3 (Debian's, not ours) stands in for systemd's notify socket; the
 * real agent and API processes are started with NOTIFY_SOCKET and WATCHDOG_USEC set, as
 * systemd starts them, and every datagram they send is recorded with its arrival time.
 */
const RECEIVER = `
import json, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print(json.dumps({"bound": True}), flush=True)
while True:
    data = s.recv(65536)
    print(json.dumps({"t": time.time() * 1000, "msg": data.decode()}), flush=True)
`;

interface Datagram { t: number; msg: string }

class NotifySocket {
  readonly messages: Datagram[] = [];
  private constructor(readonly path: string, private readonly proc: ChildProcess) {}

  static async open(path: string): Promise<NotifySocket> {
    const proc = spawn('/usr/bin/python3', ['-c', RECEIVER, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    const sock = new NotifySocket(path, proc);
    let bound = false;
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const m = JSON.parse(line) as Datagram & { bound?: boolean };
      if (m.bound) bound = true;
      else sock.messages.push(m);
    });
    await waitFor('python3 notify socket', async () => bound, 10_000);
    return sock;
  }

  has(field: string): Datagram | undefined {
    return this.messages.find((m) => m.msg.split('\n').includes(field));
  }

  count(field: string, since = 0): number {
    return this.messages.filter((m) => m.t >= since && m.msg.split('\n').includes(field)).length;
  }

  close(): void {
    this.proc.kill('SIGKILL');
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startNode(main: string, config: string, env: Record<string, string>, log: string): ChildProcess {
  const out = openSync(log, 'a');
  return spawn(process.execPath, [main, config], { env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
}

async function stopProc(proc: ChildProcess | null): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGCONT');
  proc.kill('SIGTERM');
  await exited;
}

let stack: Stack;
let agent: ChildProcess | null = null;
let api: ChildProcess | null = null;
const sockets: NotifySocket[] = [];

beforeAll(async () => {
  stack = await startStack({ withApi: false });
  // This file starts its own agent, the way systemd would.
  await stack.stopAgent();
});

afterAll(async () => {
  await stopProc(agent);
  await stopProc(api);
  for (const s of sockets) s.close();
  await stack?.stop();
});

test('the agent says READY=1 only once its socket is bound root:hearth 0660, then pings WATCHDOG=1 from its event loop', async () => {
  const notify = await NotifySocket.open(join(stack.root, 'run', 'agent-notify.sock'));
  sockets.push(notify);
  const socketPath = stack.agentConfig.socketPath as string;
  agent = startNode(join(REPO, 'packages/agent/dist/main.js'), stack.agentConfigFile, { NOTIFY_SOCKET: notify.path, WATCHDOG_USEC: '300000' }, join(stack.root, 'agent-notify.log'));

  // The socket's mode at the moment READY arrives is what systemd's "started" means.
  let modeAtReady = 0;
  await waitFor('READY=1 from the agent', async () => {
    if (!notify.has('READY=1')) return false;
    modeAtReady = statSync(socketPath).mode & 0o777;
    return true;
  }, 30_000);
  expect(modeAtReady).toBe(0o660);
  expect(notify.has('READY=1')!.msg).toContain(`MAINPID=${agent.pid}`);

  // WATCHDOG_USEC=300000 → a ping about every 150 ms.
  await sleep(1000);
  const before = notify.count('WATCHDOG=1');
  expect(before).toBeGreaterThanOrEqual(4);

  // A stopped process (as a stuck event loop) sends none: systemd would kill it.
  agent.kill('SIGSTOP');
  await sleep(200);
  const stoppedAt = Date.now();
  await sleep(800);
  expect(notify.count('WATCHDOG=1', stoppedAt)).toBe(0);
  agent.kill('SIGCONT');
  await sleep(600);
  expect(notify.count('WATCHDOG=1')).toBeGreaterThan(before);
  console.log(`agent: READY=1 with the socket at ${modeAtReady.toString(8)}; ${notify.count('WATCHDOG=1')} WATCHDOG=1 pings, none while SIGSTOPped`);

  await stopProc(agent);
  agent = null;
  expect(notify.has('STOPPING=1')).toBeDefined();
});

test('the API says READY=1 only while its database answers with every migration applied, then pings WATCHDOG=1', async () => {
  // Pointed at a port where no database listens: it listens, but never says READY.
  const deadDb = await freePort();
  const noDb = await NotifySocket.open(join(stack.root, 'run', 'api-nodb-notify.sock'));
  sockets.push(noDb);
  const badConfig = join(stack.root, 'etc', 'api-nodb.json');
  const cfg = stack.apiConfig as { database: Record<string, unknown> };
  writeFileSync(badConfig, JSON.stringify({ ...stack.apiConfig, database: { ...cfg.database, port: deadDb } }));
  const apiLog = join(stack.root, 'api-notify.log');
  api = startNode(join(REPO, 'packages/api/dist/main.js'), badConfig, { NOTIFY_SOCKET: noDb.path, WATCHDOG_USEC: '300000', HEARTH_API_ALLOW_ROOT: '1' }, apiLog);
  await sleep(3000);
  expect(api.exitCode).toBeNull();
  expect(noDb.has('READY=1')).toBeUndefined();
  expect(noDb.count('WATCHDOG=1')).toBe(0);
  await stopProc(api);

  // The real database (migrated by the harness): READY=1, then pings.
  await stack.startAgent();
  const notify = await NotifySocket.open(join(stack.root, 'run', 'api-notify.sock'));
  sockets.push(notify);
  const goodConfig = join(stack.root, 'etc', 'api-notify.json');
  writeFileSync(goodConfig, JSON.stringify(stack.apiConfig));
  api = startNode(join(REPO, 'packages/api/dist/main.js'), goodConfig, { NOTIFY_SOCKET: notify.path, WATCHDOG_USEC: '300000', HEARTH_API_ALLOW_ROOT: '1' }, apiLog);
  await waitFor('READY=1 from the API', async () => notify.has('READY=1'), 30_000);
  expect(notify.has('READY=1')!.msg).toContain(`MAINPID=${api.pid}`);
  await sleep(1000);
  expect(notify.count('WATCHDOG=1')).toBeGreaterThanOrEqual(4);
  console.log(`api: no READY=1 in 3 s without a database; READY=1 and ${notify.count('WATCHDOG=1')} WATCHDOG=1 pings with one`);
  await stopProc(api);
  api = null;
  expect(notify.has('STOPPING=1')).toBeDefined();
  expect(existsSync(notify.path)).toBe(true);
});
