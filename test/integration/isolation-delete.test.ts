import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, Stack } from '../harness/stack';
import { NginxPhp, httpGet, startNginxPhp } from '../harness/nginx-php';
import { accountBody, linuxUserExists, removeTestUsers, testDomain, testUsername } from '../harness/names';
import { idsOf, spawnAsCustomer } from '../harness/hostile-customer';

/*
 * Issue 16, a delete that cannot be redirected. While its account is being deleted, the
 * customer keeps swapping a subdirectory of its home for a symlink to a root-owned canary
 * directory, from two places: a loop started as the customer before the delete, and a
 * loop its own PHP keeps launching as a detached background process (requests hit the
 * site during the whole delete, so new ones start until the vhost and pool are gone). A
 * removal that follows the swapped link would delete the canary's files. 20 tries: the
 * canary is untouched every time, and the home is gone.
 */
const TRIES = Number(process.env.ISO_TRIES ?? 20);
let stack: Stack;
let daemons: NginxPhp;
let work: string;

// Swaps `sub` for a symlink to the canary and back, as fast as it can, for up to 2 minutes.
// One copy at a time (a lock in the home): the next request starts a new one once it is killed.
const SWAPPER = `use strict;
use Fcntl ':flock';
my ($dir, $canary) = @ARGV;
open(my $lock, '>', "$dir/../swap.lock") or die;
flock($lock, LOCK_EX | LOCK_NB) or exit 0;
chdir $dir or die;
my $end = time + 120;
while (time < $end) {
  rename 'sub', 'sub.x';
  symlink $canary, 'sub';
  rename 'sub.x', 'sub.y';
  unlink 'sub';
  rename 'sub.y', 'sub';
  select(undef, undef, undef, 0.0005);
}
`;

function canaryFiles(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** A root-owned directory with files, readable by all (as /etc or another account's files would be). */
function makeCanary(dir: string): string[] {
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  for (let i = 0; i < 20; i++) writeFileSync(join(dir, `canary-${i}.txt`), `canary ${i}\n`, { mode: 0o644 });
  return canaryFiles(dir);
}

/** A tree of the customer's own: `sub` with many nested files, so the removal walks for a while. */
function fillHome(username: string, home: string): void {
  const { uid, gid } = idsOf(username);
  const own = (p: string) => chownSync(p, uid, gid);
  const sub = join(home, 'public_html', 'sub');
  mkdirSync(sub);
  own(sub);
  for (let d = 0; d < 10; d++) {
    const dir = join(sub, `d${d}`);
    mkdirSync(dir);
    own(dir);
    for (let f = 0; f < 40; f++) {
      writeFileSync(join(dir, `f${f}`), 'x');
      own(join(dir, `f${f}`));
    }
  }
  writeFileSync(join(home, 'swap.pl'), SWAPPER, { mode: 0o644 });
  own(join(home, 'swap.pl'));
  const php = `<?php shell_exec('/usr/bin/setsid /usr/bin/perl ${home}/swap.pl ${home}/public_html CANARY </dev/null >/dev/null 2>&1 &'); echo "started";`;
  writeFileSync(join(home, 'public_html', 'swap.php'), php);
  own(join(home, 'public_html', 'swap.php'));
}

beforeAll(async () => {
  work = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'isodel-'));
  daemons = await startNginxPhp(work);
  stack = await startStack({ agent: { web: daemons.web } });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await daemons?.stop();
  removeTestUsers();
  if (work) rmSync(work, { recursive: true, force: true });
});

test(`delete while the customer swaps a subdirectory for a link to a root-owned canary: canary untouched in ${TRIES} tries`, async () => {
  let phpStarted = 0;
  const deleteMs: number[] = [];
  for (let attempt = 0; attempt < TRIES; attempt++) {
    const username = testUsername();
    const created = await stack.request('POST', '/api/v1/accounts', accountBody(username));
    expect(created.status).toBe(201);
    const home = join(stack.root, 'home', username);
    const canary = join(work, `canary-${attempt}`);
    const before = makeCanary(canary);
    fillHome(username, home);
    const php = join(home, 'public_html', 'swap.php');
    writeFileSync(php, readFileSync(php, 'utf8').replace('CANARY', canary));

    // The customer's own loop, started before the delete.
    const direct = spawnAsCustomer(username, ['/usr/bin/perl', join(home, 'swap.pl'), join(home, 'public_html'), canary]);
    // And its PHP, asked again and again during the delete to start more of them.
    let deleting = true;
    const hammer = (async () => {
      while (deleting) {
        const r = await httpGet(daemons.port, testDomain(username), '/swap.php').catch(() => null);
        if (r?.body === 'started') phpStarted++;
        await new Promise((res) => setTimeout(res, 20));
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    const del = await stack.request('DELETE', `/api/v1/accounts/${created.body.data.id}`);
    deleting = false;
    deleteMs.push(Date.now() - t0);
    await hammer;
    direct.kill('SIGKILL');

    // The canary: same files, same content, still root's, still a directory.
    const st = lstatSync(canary);
    expect(st.isDirectory()).toBe(true);
    expect(st.uid).toBe(0);
    expect(canaryFiles(canary)).toEqual(before);
    for (const name of before) {
      expect(statSync(join(canary, name)).uid).toBe(0);
      expect(readFileSync(join(canary, name), 'utf8')).toMatch(/^canary \d+\n$/);
    }
    expect({ attempt, status: del.status, error: del.status === 204 ? null : del.body }).toEqual({ attempt, status: 204, error: null });
    // The account is gone: home, parked copy and user.
    expect(existsSync(home)).toBe(false);
    expect(readdirSync(join(stack.root, 'home', '.hearth-deleting'))).toEqual([]);
    expect(linuxUserExists(username)).toBe(false);
  }
  // The PHP route was really taken (the attack ran through the customer's own site).
  expect(phpStarted).toBeGreaterThan(0);
  console.log(`isolation-delete: ${TRIES} deletes under attack, ${phpStarted} swap loops started by the customer's PHP; every canary intact; delete took ${deleteMs.join(', ')} ms`);
}, 900_000);
