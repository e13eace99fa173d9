import { execFileSync, ChildProcess } from 'node:child_process';
import { chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, startStack, Stack } from '../harness/stack';
import { NginxPhp, httpGet, startNginxPhp } from '../harness/nginx-php';
import { accountBody, removeTestUsers, testDomain, testUsername } from '../harness/names';
import { asCustomer, idsOf, spawnAsCustomer } from '../harness/hostile-customer';

/*
 * Issue 16, a repair that cannot be redirected. `hearthctl doctor --repair` re-runs the
 * create steps (home layout, default page, log dir) in a live home. The customer swaps
 * public_html for a symlink to a root-owned file (and to a root-owned directory), once
 * for good and then in a tight loop during repeated repairs: the file's owner and mode
 * never change, nothing appears in the directory, and once the customer stops, a repair
 * restores a working site.
 */
let stack: Stack;
let daemons: NginxPhp;
let work: string;
let cliConfig: string;
const customer = testUsername();

const home = () => join(stack.root, 'home', customer);
const pub = () => join(home(), 'public_html');

// Swaps public_html for a symlink to the target and back, as fast as it can, for up to 2 minutes.
const SWAPPER = `use strict;
my ($home, $target) = @ARGV;
chdir $home or die;
my $end = time + 120;
while (time < $end) {
  rename 'public_html', 'p.x';
  symlink $target, 'public_html';
  rename 'p.x', 'p.y';
  unlink 'public_html';
  rename 'p.y', 'public_html';
  select(undef, undef, undef, 0.0005);
}
`;

function hearthctl(...args: string[]): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(process.execPath, [join(REPO, 'packages/cli/dist/main.js'), ...args], { env: { ...process.env, HEARTH_API_CONFIG: cliConfig } }).toString() };
  } catch (e) {
    const err = e as { status: number; stdout: Buffer };
    return { code: err.status, out: err.stdout.toString() };
  }
}

/** Takes the vhost away, so doctor finds the account incomplete and --repair re-runs its create steps. */
function breakVhost(): void {
  const name = `${testDomain(customer)}.conf`;
  rmSync(join(daemons.web.nginx.sitesEnabled, name), { force: true });
  rmSync(join(daemons.web.nginx.sitesAvailable, name), { force: true });
}

interface Canary { path: string; uid: number; gid: number; mode: number; content: string }

function rootFile(path: string): Canary {
  writeFileSync(path, 'root secret\n', { mode: 0o600 });
  chownSync(path, 0, 0);
  const st = statSync(path);
  return { path, uid: st.uid, gid: st.gid, mode: st.mode, content: 'root secret\n' };
}

function expectUnchanged(c: Canary): void {
  const st = lstatSync(c.path);
  expect({ uid: st.uid, gid: st.gid, mode: st.mode.toString(8), content: readFileSync(c.path, 'utf8') })
    .toEqual({ uid: c.uid, gid: c.gid, mode: c.mode.toString(8), content: c.content });
}

function expectDirUnchanged(dir: string): void {
  const st = lstatSync(dir);
  expect({ uid: st.uid, gid: st.gid, mode: st.mode.toString(8), entries: readdirSync(dir) })
    .toEqual({ uid: 0, gid: 0, mode: (0o40755).toString(8), entries: ['keep.txt'] });
  expectUnchanged({ path: join(dir, 'keep.txt'), uid: 0, gid: 0, mode: 0o100644, content: 'root dir\n' });
}

beforeAll(async () => {
  work = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'isorep-'));
  daemons = await startNginxPhp(work);
  stack = await startStack({ agent: { web: daemons.web } });
  cliConfig = join(stack.root, 'etc', 'api-repair.json');
  writeFileSync(cliConfig, JSON.stringify(stack.apiConfig));
  expect((await stack.request('POST', '/api/v1/accounts', accountBody(customer))).status).toBe(201);
  const { uid, gid } = idsOf(customer);
  writeFileSync(join(home(), 'swap.pl'), SWAPPER);
  chownSync(join(home(), 'swap.pl'), uid, gid);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await daemons?.stop();
  removeTestUsers();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('doctor --repair in a home the customer controls', () => {
  let file: Canary;
  let dir: string;

  beforeAll(() => {
    file = rootFile(join(work, 'root-file'));
    dir = join(work, 'root-dir');
    mkdirSync(dir, { mode: 0o755 });
    writeFileSync(join(dir, 'keep.txt'), 'root dir\n', { mode: 0o644 });
  });

  test('public_html replaced by a symlink to a root-owned file or directory: repair refuses it and changes neither', async () => {
    expect(asCustomer(customer, ['mv', pub(), join(home(), 'public_html.mine')]).status).toBe(0);
    for (const target of [file.path, dir]) {
      expect(asCustomer(customer, ['ln', '-sfn', target, pub()]).status).toBe(0);
      breakVhost();
      const repair = hearthctl('doctor', '--repair');
      expect(repair.code).not.toBe(0);
      expect(repair.out).toContain('public_html exists and is not a directory');
      expectUnchanged(file);
      expectDirUnchanged(dir);
      expect(asCustomer(customer, ['rm', pub()]).status).toBe(0);
    }
    expect(asCustomer(customer, ['mv', join(home(), 'public_html.mine'), pub()]).status).toBe(0);
  });

  test.each([['file', () => file.path], ['directory', () => dir]])(
    'public_html swapped for a symlink to a root-owned %s in a tight loop during 6 repairs: owner, mode and content unchanged',
    async (_kind, target) => {
      let loop: ChildProcess | null = null;
      try {
        loop = spawnAsCustomer(customer, ['/usr/bin/perl', join(home(), 'swap.pl'), home(), target()]);
        for (let i = 0; i < 6; i++) {
          breakVhost();
          hearthctl('doctor', '--repair'); // succeeds or refuses, depending on what it met
          expectUnchanged(file);
          expectDirUnchanged(dir);
        }
      } finally {
        loop?.kill('SIGKILL');
        await new Promise((r) => setTimeout(r, 200));
      }
      // The customer stopped: public_html is its directory again and a repair is clean.
      if (lstatSync(pub(), { throwIfNoEntry: false })?.isSymbolicLink()) asCustomer(customer, ['rm', pub()]);
      if (lstatSync(pub(), { throwIfNoEntry: false }) === undefined) {
        for (const leftover of ['p.x', 'p.y']) asCustomer(customer, ['mv', '-T', join(home(), leftover), pub()]);
      }
      expect(lstatSync(pub()).isDirectory()).toBe(true);
      breakVhost();
      const repair = hearthctl('doctor', '--repair');
      expect(repair).toMatchObject({ code: 0 });
      expect((await httpGet(daemons.port, testDomain(customer), '/')).status).toBe(200);
      expect(statSync(pub()).uid).toBe(idsOf(customer).uid);
    },
  );
});
