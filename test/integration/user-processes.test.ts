import { execFileSync, spawn, ChildProcess } from 'node:child_process';
import { removeTestUsers, testUsername } from '../harness/names';
import { idsOf } from '../harness/hostile-customer';
import { execArgv } from '../../packages/agent/src/system/exec';
import { stopUserProcesses } from '../../packages/agent/src/users/linux-user-step';
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
