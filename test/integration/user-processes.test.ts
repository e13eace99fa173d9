import { execFileSync, spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linuxUserExists, removeTestUsers, testUsername } from '../harness/names';
import { idsOf } from '../harness/hostile-customer';
import { Exec, execArgv } from '../../packages/agent/src/system/exec';
import { removeLinuxUser, stopUserProcesses } from '../../packages/agent/src/users/linux-user-step';
import type { StepContext } from '../../packages/agent/src/operations/step';
import { processesOfUid } from '../../packages/agent/src/users/user-processes';
import { isAlive } from '../../packages/agent/src/web/process-table';

/*
 * A delete stops every process of the account before userdel, from the agent's own read
 * of /proc (it once asked pgrep and pkill). Real processes under real uids: one the
 * customer started (all its uids the user's), one that only acts as the user (see
 * startActingAs), and a process of another account that must survive.
 */
let customer: string;
let neighbour: string;
const started: ChildProcess[] = [];

function track(child: ChildProcess): number {
  child.on('exit', () => undefined);
  started.push(child);
  return child.pid!;
}

/** A process with all its uids the user's, as the customer's PHP or shell would be. */
function startAs(ids: { uid: number; gid: number }): number {
  return track(spawn('setpriv', [`--reuid=${ids.uid}`, `--regid=${ids.gid}`, '--clear-groups', '--', 'sleep', '300'], { stdio: 'ignore' }));
}

/**
 * Real and saved uid root, effective uid the user's (seteuid without an exec, which would
 * copy the effective uid into the saved one): the kernel lets the user's `kill -1` signal
 * only processes whose real or saved uid is the user's, so only the /proc scan finds it.
 */
function startActingAs(ids: { uid: number }): number {
  return track(spawn('perl', ['-e', `$> = ${ids.uid}; die "seteuid failed" unless $> == ${ids.uid}; sleep 300`], { stdio: 'ignore' }));
}

async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(() => {
  customer = testUsername('hup');
  neighbour = testUsername('hup');
  for (const name of [customer, neighbour]) execFileSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', name]);
});

afterAll(() => {
  for (const c of started) c.kill('SIGKILL');
  removeTestUsers();
});

test('every process running as the user is killed, one that only acts as the user too, and the neighbour\'s survives', async () => {
  const own = idsOf(customer);
  const other = idsOf(neighbour);
  const plain = startAs(own);
  const effectiveOnly = startActingAs(own);
  const neighbours = startAs(other);
  // setpriv execs sleep and perl sets its uid after it starts: wait until the kernel says so.
  await until('the three processes to run as their users', async () => {
    const listed = await processesOfUid(own.uid);
    return listed.includes(plain) && listed.includes(effectiveOnly) && (await processesOfUid(other.uid)).includes(neighbours);
  });

  await stopUserProcesses(customer, execArgv);

  expect(await processesOfUid(own.uid)).toEqual([]);
  await until('the killed processes to be reaped', () => !isAlive(plain) && !isAlive(effectiveOnly));
  expect(isAlive(neighbours)).toBe(true);
  expect(await processesOfUid(other.uid)).toEqual([neighbours]);
});

test('a user with no process is stopped at once, and an unknown user is no error', async () => {
  await expect(stopUserProcesses(customer, execArgv)).resolves.toBeUndefined();
  await expect(stopUserProcesses('hupnosuchuser', execArgv)).resolves.toBeUndefined();
});

test('a process that started after the delete\'s kill makes userdel refuse; remove_user stops it and removes the user', async () => {
  // The delete does not lock the login (users/home-step.ts removeHome): this is what stands
  // behind that, a process of the uid appearing between remove_home's kill and userdel.
  const name = testUsername('hup');
  const homeRoot = mkdtempSync(join(tmpdir(), 'hup-'));
  try {
    execFileSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', '--comment', 'hearth-managed', '--home-dir', join(homeRoot, name), name]);
    const ids = idsOf(name);
    const late = startAs(ids);
    await until('the process to run as the user', async () => (await processesOfUid(ids.uid)).includes(late));
    const ran: string[] = [];
    const exec: Exec = (file, args, opts) => {
      ran.push(file === 'setpriv' ? `setpriv ${args.slice(-4).join(' ')}` : `${file} ${args.join(' ')}`);
      return execArgv(file, args, opts);
    };
    const ctx = { config: { userMarker: 'hearth-managed', homeRoot, cronSpoolDir: join(homeRoot, 'crontabs') }, parts: { exec } } as unknown as StepContext;

    await removeLinuxUser(name, ctx);

    expect(ran).toEqual([`userdel ${name}`, 'setpriv kill -KILL -- -1', `userdel ${name}`]);
    expect(linuxUserExists(name)).toBe(false);
    await until('the process to be reaped', () => !isAlive(late));
  } finally {
    rmSync(homeRoot, { recursive: true, force: true });
  }
});
