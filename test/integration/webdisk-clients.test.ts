import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs, mkdtempSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startStack, Stack } from '../harness/stack';
import { addWebdiskLogin, createHostingAccount, startWebdisk, WebdiskInstance, WebdiskLogin } from '../harness/webdisk';
import { curl } from '../harness/service-clients';
import { freePort } from '../harness/ports';
import { removeTestUsers, testUsername } from '../harness/names';

/**
 * Web Disk with real WebDAV clients: the litmus conformance suite (every suite, no
 * failure, no skip for a missing feature), rclone copying a 1,000-file tree up and back,
 * and a read-only login refused on every write method. Logins are made through the API;
 * hearth-webdisk runs as in production (root launcher, front as an unprivileged user,
 * workers as the account's uid).
 */
jest.setTimeout(900_000);

let dav: WebdiskInstance;
let stack: Stack;
let work: string;
let httpPort: number;
let rw: WebdiskLogin;
let ro: WebdiskLogin;

function run(cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string>; timeout?: number } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, timeout: opts.timeout ?? 600_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

beforeAll(async () => {
  work = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'webdisk-clients-'));
  await fs.chmod(work, 0o755);
  httpPort = await freePort();
  dav = await startWebdisk(join(work, 'webdisk'), { httpPort });
  stack = await startStack({ agent: { webdisk: dav.webdisk } });
  const account = await createHostingAccount(stack, testUsername());
  rw = await addWebdiskLogin(stack, account, 'litmus', 'dav', 'rw');
  ro = await addWebdiskLogin(stack, account, 'viewer', 'dav', 'ro', 'View-pass-1234');
});

afterAll(async () => {
  await stack?.stop();
  await dav?.stop();
  removeTestUsers();
});

const url = (path = '/'): string => `https://localhost:${dav.port}${path}`;

test('litmus: every suite passes with no failure and no skipped test', async () => {
  const suites = ['basic', 'copymove', 'props', 'locks', 'http'];
  const cwd = await fs.mkdtemp(join(work, 'litmus-'));
  // Over TLS (how customers connect), then the http suite once more over the loopback plain-HTTP
  // port: litmus skips its Expect: 100-continue test on TLS servers.
  const tls = await run('litmus', [url(), rw.login, rw.password], { cwd, env: { TESTS: suites.join(' ') } });
  const plain = await run('litmus', [`http://127.0.0.1:${httpPort}/`, rw.login, rw.password], { cwd, env: { TESTS: 'http' } });
  // litmus's own client trace (debug.log in its cwd) records the Basic credentials it sent:
  // a client's file, not a Hearth log, and it must not be left where the log check looks.
  await fs.rm(join(cwd, 'debug.log'), { force: true });
  const output = `${tls.stdout}${tls.stderr}\n${plain.stdout}${plain.stderr}`;
  const summaries = output.split('\n').filter((l) => l.startsWith('<- summary'));
  process.stdout.write(`litmus summaries:\n${summaries.join('\n')}\n`);
  for (const suite of suites) expect(summaries.some((l) => l.includes(`\`${suite}'`))).toBe(true);
  for (const line of summaries) expect(line).toMatch(/: of (\d+) tests run: \1 passed, 0 failed\. 100\.0%$/);
  const skipped = output.split('\n').filter((l) => /SKIPPED/.test(l));
  // The only skip allowed is litmus' own "this test needs a plain-HTTP server", which the second run covers.
  expect(skipped.filter((l) => !/skipping for SSL server/.test(l))).toEqual([]);
  expect(plain.stdout).toMatch(/expect100\.+ pass/);
  expect(tls.code).toBe(0);
  expect(plain.code).toBe(0);
});

/** A nested tree of `count` files with spaces and UTF-8 in names, random sizes (0 B .. 40 KiB). */
async function makeTree(root: string, count: number): Promise<Map<string, string>> {
  const sums = new Map<string, string>();
  const dirs = ['', 'alpha', 'alpha/beta gamma', 'alpha/beta gamma/δέλτα', 'ünïcödé dir', 'ünïcödé dir/日本語', 'with space', 'with space/deep/er/still'];
  for (let i = 0; i < count; i++) {
    const dir = dirs[i % dirs.length];
    const name = i % 3 === 0 ? `file ${i}.txt` : i % 3 === 1 ? `fïlé-${i} ✓.bin` : `plain-${i}`;
    const rel = dir ? `${dir}/${name}` : name;
    const body = randomBytes(i % 10 === 0 ? 0 : (i * 7919) % 40_960);
    await fs.mkdir(join(root, dir), { recursive: true });
    await fs.writeFile(join(root, rel), body);
    sums.set(rel, createHash('sha256').update(body).digest('hex'));
  }
  return sums;
}

async function sumsOf(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const e of await fs.readdir(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else out.set(relative(root, full), createHash('sha256').update(await fs.readFile(full)).digest('hex'));
    }
  };
  await walk(root);
  return out;
}

test('rclone copies a 1,000-file tree up and back byte-identical; the files are the account\'s', async () => {
  const up = join(work, 'rclone-up');
  const back = join(work, 'rclone-back');
  const sums = await makeTree(up, 1000);
  const obscured = (await run('rclone', ['obscure', rw.password])).stdout.trim();
  expect(obscured).not.toBe('');
  const env = {
    RCLONE_CONFIG: join(work, 'no-rclone.conf'),
    RCLONE_CONFIG_WD_TYPE: 'webdav', RCLONE_CONFIG_WD_URL: url('/'), RCLONE_CONFIG_WD_VENDOR: 'other',
    RCLONE_CONFIG_WD_USER: rw.login, RCLONE_CONFIG_WD_PASS: obscured,
  };
  const common = ['--ca-cert', dav.caFile, '--transfers', '4', '--checkers', '4', '--retries', '1', '--low-level-retries', '2'];
  const started = Date.now();
  const push = await run('rclone', ['copy', up, 'wd:tree', ...common], { env });
  expect(push.stderr).not.toMatch(/ERROR/);
  expect(push.code).toBe(0);
  const pull = await run('rclone', ['copy', 'wd:tree', back, ...common], { env });
  expect(pull.stderr).not.toMatch(/ERROR/);
  expect(pull.code).toBe(0);
  process.stdout.write(`rclone: 1,000 files up and back in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  expect(await sumsOf(back)).toEqual(sums);
  const onDisk = join(rw.dir, 'tree');
  expect(await sumsOf(onDisk)).toEqual(sums);
  for (const rel of [...sums.keys()].filter((_, i) => i % 50 === 0)) {
    const st = await fs.stat(join(onDisk, rel));
    expect([st.uid, st.gid]).toEqual([rw.uid, rw.uid]);
  }
  expect((await fs.stat(join(onDisk, 'ünïcödé dir', '日本語'))).uid).toBe(rw.uid);
});

test('a read-only login gets 403 on every write method, LOCK included, and changes nothing', async () => {
  await fs.writeFile(join(rw.dir, 'keep.txt'), 'kept\n');
  await fs.chown(join(rw.dir, 'keep.txt'), rw.uid, rw.uid);
  const before = await sumsOf(rw.dir);
  const as = (login: WebdiskLogin, extra: string[], path: string) => curl(['--cacert', dav.caFile, '--resolve', `localhost:${dav.port}:127.0.0.1`,
    '--user', `${login.login}:${login.password}`, '-w', '\nHTTPSTATUS:%{http_code}', ...extra, url(path)]);
  const lockBody = '<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockinfo>';
  const propBody = '<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><Z:x xmlns:Z="urn:z">1</Z:x></D:prop></D:set></D:propertyupdate>';
  const attempts: [string, string[], string][] = [
    ['PUT', ['-X', 'PUT', '--data-binary', 'new'], '/new.txt'],
    ['PUT over', ['-X', 'PUT', '--data-binary', 'changed'], '/keep.txt'],
    ['DELETE', ['-X', 'DELETE'], '/keep.txt'],
    ['MKCOL', ['-X', 'MKCOL'], '/newdir'],
    ['COPY', ['-X', 'COPY', '-H', `Destination: ${url('/copy.txt')}`], '/keep.txt'],
    ['MOVE', ['-X', 'MOVE', '-H', `Destination: ${url('/moved.txt')}`], '/keep.txt'],
    ['PROPPATCH', ['-X', 'PROPPATCH', '-H', 'Content-Type: application/xml', '--data-binary', propBody], '/keep.txt'],
    ['LOCK', ['-X', 'LOCK', '-H', 'Content-Type: application/xml', '--data-binary', lockBody], '/keep.txt'],
    ['LOCK unmapped', ['-X', 'LOCK', '-H', 'Content-Type: application/xml', '--data-binary', lockBody], '/unmapped.txt'],
    ['UNLOCK', ['-X', 'UNLOCK', '-H', 'Lock-Token: <opaquelocktoken:00000000-0000-0000-0000-000000000000>'], '/keep.txt'],
  ];
  for (const [name, extra, path] of attempts) {
    const r = await as(ro, extra, path);
    expect(`${name} ${r.status}`).toBe(`${name} 403`);
  }
  // Reads still work for the read-only login.
  const get = await as(ro, [], '/keep.txt');
  expect([get.status, get.stdout]).toEqual([200, 'kept\n']);
  expect((await as(ro, ['-X', 'PROPFIND', '-H', 'Depth: 1'], '/')).status).toBe(207);
  expect(await sumsOf(rw.dir)).toEqual(before);
});
