import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, startStack, Stack } from '../harness/stack';
import { accountBody, linuxUserExists, removeTestUsers, testUsername } from '../harness/names';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
  removeTestUsers();
});


function idOf(user: string): { uid: number; gid: number } {
  const [, , uid, gid] = execFileSync('getent', ['passwd', user]).toString().split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Runs a small node script as another user and returns what it printed. */
function runAs(user: string, script: string, env: Record<string, string> = {}): Promise<string> {
  const { uid, gid } = idOf(user);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { uid, gid, cwd: '/', env: { ...env, NODE_PATH: join(REPO, 'node_modules') } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', () => resolve(out.trim()));
  });
}

const CALL_AGENT = `
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');
const def = loader.loadSync('hearth/agent/v1/agent.proto', { keepCase: true, includeDirs: [process.env.PROTO] });
const Svc = grpc.loadPackageDefinition(def).hearth.agent.v1.AccountService;
const c = new Svc('unix:' + process.env.SOCK, grpc.credentials.createInsecure());
const md = new grpc.Metadata();
if (process.env.TOKEN) md.set('authorization', 'Bearer ' + process.env.TOKEN);
c.GetOperation({ operation_id: 'probe-probe-1' }, md, { deadline: Date.now() + 3000 }, (err, res) => {
  console.log(err ? 'ERR ' + grpc.status[err.code] + ' ' + err.details : 'OK ' + res.state);
  process.exit(0);
});`;

describe('the privilege boundary', () => {
  test('the socket is 0660 root:hearth', () => {
    const out = execFileSync('stat', ['-c', '%a %U %G', stack.agentConfig.socketPath as string]).toString().trim();
    expect(out).toBe('660 root hearth');
  });

  test('another unprivileged user cannot connect to the agent socket', async () => {
    const out = await runAs('nobody', CALL_AGENT, { SOCK: stack.agentConfig.socketPath as string, PROTO: join(REPO, 'proto') });
    expect(out).toMatch(/^ERR UNAVAILABLE/);
    expect(out).toMatch(/EACCES|permission denied|Permission denied|No connection established/i);
  });

  test('a member of group hearth without the agent token is refused UNAUTHENTICATED; with it, served', async () => {
    const env = { SOCK: stack.agentConfig.socketPath as string, PROTO: join(REPO, 'proto') };
    expect(await runAs('hearth', CALL_AGENT, env)).toMatch(/^ERR UNAUTHENTICATED/);
    expect(await runAs('hearth', CALL_AGENT, { ...env, TOKEN: 'wrong'.repeat(10) })).toMatch(/^ERR UNAUTHENTICATED/);
    const token = readFileSync(stack.agentConfig.tokenFile as string, 'utf8').trim();
    expect(await runAs('hearth', CALL_AGENT, { ...env, TOKEN: token })).toBe('OK unknown');
  });

  test('the agent token file is readable by root and group hearth only', () => {
    const out = execFileSync('stat', ['-c', '%a %U %G', stack.agentConfig.tokenFile as string]).toString().trim();
    expect(out).toBe('640 root hearth');
  });

  test('agent killed: create answers 503 agent_unavailable in under a second and leaves no row; restarted: creates work', async () => {
    await stack.killAgent();
    const before = await stack.db('accounts').count({ n: '*' });
    const username = testUsername();
    const started = Date.now();
    const res = await stack.request('POST', '/api/v1/accounts', accountBody(username));
    const elapsed = Date.now() - started;
    expect(res.status).toBe(503);
    expect(res.body.error).toBe('agent_unavailable');
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(elapsed).toBeLessThan(1000);
    expect(await stack.db('accounts').count({ n: '*' })).toEqual(before);
    expect(linuxUserExists(username)).toBe(false);
    const ready = await stack.request('GET', '/readyz', undefined, null);
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toEqual({ database: true, agent: false });

    await stack.startAgent();
    // The client reconnects within its short back-off.
    let again = await stack.request('POST', '/api/v1/accounts', accountBody(username));
    for (let i = 0; i < 20 && again.status === 503; i++) {
      await new Promise((r) => setTimeout(r, 100));
      again = await stack.request('POST', '/api/v1/accounts', accountBody(username));
    }
    expect(again.status).toBe(201);
    expect(linuxUserExists(username)).toBe(true);
    expect((await stack.request('GET', '/readyz', undefined, null)).status).toBe(200);
    expect((await stack.request('GET', '/healthz', undefined, null)).body).toEqual({ status: 'ok' });
  });

  test('an operation id replayed to the agent returns the recorded result and changes nothing', async () => {
    const token = readFileSync(stack.agentConfig.tokenFile as string, 'utf8').trim();
    const username = testUsername();
    const script = `
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');
const def = loader.loadSync('hearth/agent/v1/agent.proto', { keepCase: true, defaults: true, includeDirs: [process.env.PROTO] });
const Svc = grpc.loadPackageDefinition(def).hearth.agent.v1.AccountService;
const c = new Svc('unix:' + process.env.SOCK, grpc.credentials.createInsecure());
const md = new grpc.Metadata(); md.set('authorization', 'Bearer ' + process.env.TOKEN);
const req = { operation_id: 'replay-test-0001', username: process.env.U, domain: process.env.U + '.example.com', limits: { php_version: '8.2' } };
const call = (m, r) => new Promise((res) => c[m](r, md, (e, v) => res(e ? 'ERR ' + grpc.status[e.code] : 'OK ' + JSON.stringify(v))));
(async () => {
  console.log(await call('CreateAccount', req));
  console.log(await call('CreateAccount', req));
  console.log(await call('DeleteAccount', { ...req, operation_id: 'replay-test-0002' }));
  console.log(await call('CreateAccount', req));
  process.exit(0);
})();`;
    const out = (await runAs('hearth', script, { SOCK: stack.agentConfig.socketPath as string, PROTO: join(REPO, 'proto'), TOKEN: token, U: username })).split('\n');
    expect(out[0]).toMatch(/^OK .*"exists":true/);
    expect(out[1]).toBe(out[0]);
    expect(out[2]).toBe('OK {}');
    // Replaying the create after the delete returns the recorded answer and does not recreate the user.
    expect(out[3]).toBe(out[0]);
    expect(linuxUserExists(username)).toBe(false);
  });

  test('the API, run as user hearth, cannot write under /etc or /home', async () => {
    const cfgFile = join(stack.root, 'etc', 'api.json');
    writeFileSync(cfgFile, JSON.stringify(stack.apiConfig));
    chmodSync(cfgFile, 0o644);
    const { uid, gid } = idOf('hearth');
    const api = spawn(process.execPath, [join(REPO, 'packages/api/dist/main.js'), cfgFile], { uid, gid, cwd: '/' });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        api.stdout.on('data', (d) => {
          out += d;
          const m = /HEARTH_API_LISTENING (\S+)/.exec(out);
          if (m) resolve(m[1]);
        });
        api.on('exit', (code) => reject(new Error(`api exited ${code}: ${out}`)));
      });
      const res = await fetch(`${url}/api/v1/accounts`, { headers: { authorization: `Bearer ${stack.token}` } });
      expect(res.status).toBe(200);
      const status = readFileSync(`/proc/${api.pid}/status`, 'utf8');
      const uids = /^Uid:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(status)!.slice(1).map(Number);
      expect(uids).toEqual([uid, uid, uid, uid]);
      // Same credentials as the running API process: every write attempt is refused.
      const probe = `
const fs = require('fs');
for (const p of ['/etc/hearth-api-probe', '/home/hearth-api-probe', '/etc/passwd']) {
  try { fs.appendFileSync(p, 'x'); console.log('WROTE ' + p); } catch (e) { console.log(e.code + ' ' + p); }
}`;
      const out = await runAs('hearth', probe);
      expect(out.split('\n')).toEqual(['EACCES /etc/hearth-api-probe', 'EACCES /home/hearth-api-probe', 'EACCES /etc/passwd']);
    } finally {
      api.kill('SIGTERM');
    }
  });
});
