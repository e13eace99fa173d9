import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { startFullStack, FullStack } from '../harness/full-stack';
import { startFtp, FtpInstance } from '../harness/ftp';
import { startWebdisk, WebdiskInstance } from '../harness/webdisk';
import { REPO } from '../harness/stack';
import { accountBody, removeTestUsers, testUsername } from '../harness/names';

/*
 * Issue 14: `hearthctl status` against a test stack with every daemon Hearth drives
 * (nginx, PHP-FPM, PowerDNS, Postfix, Dovecot, pure-ftpd, hearth-webdisk): all up → exit 0;
 * the private Dovecot stopped → exit 1 naming Dovecot.
 */
let stack: FullStack;
let ftp: FtpInstance;
let webdisk: WebdiskInstance;
let root: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  root = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'status-'));
  ftp = await startFtp(join(root, 'ftp'));
  webdisk = await startWebdisk(join(root, 'webdisk'));
  stack = await startFullStack({ agent: { ftp: ftp.ftp, webdisk: webdisk.webdisk } });
  const apiFile = join(root, 'api.json');
  writeFileSync(apiFile, JSON.stringify(stack.apiConfig), { mode: 0o600 });
  const agentPid = join(root, 'agent.pid');
  writeFileSync(agentPid, `${stack.agentProcess()!.pid}\n`);
  const statusFile = join(root, 'status.json');
  writeFileSync(statusFile, JSON.stringify({
    apiUrl: stack.url,
    pidFiles: { 'hearth-agent': agentPid, 'hearth-ftpd': join(root, 'ftp', 'pure-ftpd.pid') },
    powerdns: `127.0.0.1:${stack.pdns.port}`,
    postfix: `127.0.0.1:${stack.maild.smtpPort}`,
    dovecot: `127.0.0.1:${stack.maild.imapPort}`,
    ftp: `127.0.0.1:${ftp.port}`,
    webdisk: `127.0.0.1:${webdisk.port}`,
  }));
  env = { ...process.env, HEARTH_API_CONFIG: apiFile, HEARTH_AGENT_CONFIG: stack.agentConfigFile, HEARTH_STATUS_CONFIG: statusFile };
});

afterAll(async () => {
  await stack?.stop();
  await ftp?.stop();
  await webdisk?.stop();
  removeTestUsers();
  if (root) rmSync(root, { recursive: true, force: true });
});

function hearthctlStatus(): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO, 'packages/cli/dist/main.js'), 'status'], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as NodeJS.ErrnoException & { code?: number }).code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

test('a healthy panel: every daemon up, license and counts shown, exit 0', async () => {
  expect((await stack.request('POST', '/api/v1/accounts', accountBody(testUsername()))).status).toBe(201);
  const { code, out } = await hearthctlStatus();
  console.log(`hearthctl status (healthy), exit ${code}:\n${out}`);
  expect(code).toBe(0);
  for (const name of ['hearth-agent', 'hearth-ftpd', 'API', 'agent', 'MariaDB', 'nginx', 'PHP-FPM 8.2', 'PowerDNS', 'Postfix', 'Dovecot', 'FTP', 'Web Disk']) {
    expect(out).toMatch(new RegExp(`^  ${name.replace(/[.]/g, '\\.')} +up `, 'm'));
  }
  expect(out).toMatch(/^License: none \(free tier/m);
  expect(out).toMatch(/^Accounts: .*1 active/m);
  expect(out).toMatch(/^All up\.$/m);
});

test('the private Dovecot stopped: exit 1 naming Dovecot', async () => {
  const pidFile = join(stack.maild.root, 'dovecot', 'run', 'master.pid');
  await stack.maild.stopDovecot();
  const { code, out } = await hearthctlStatus();
  console.log(`hearthctl status (Dovecot stopped), exit ${code}:\n${out}`);
  expect(code).toBe(1);
  expect(out).toMatch(/^ {2}Dovecot +DOWN /m);
  expect(out).toMatch(/^ {2}Postfix +up /m);
  expect(out).toMatch(/^DOWN: Dovecot$/m);
  expect(existsSync(pidFile)).toBe(false);
});
