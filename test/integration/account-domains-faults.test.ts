import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFullStack, FullStack } from '../harness/full-stack';
import { dig } from '../harness/pdns';
import { removeTestUsers, testDomain, testUsername } from '../harness/names';
import { ADD_DOMAIN, REMOVE_DOMAIN } from '../../packages/agent/src/domains/domain-operations';

/*
 * Issue 18, crash safety: the agent is killed (SIGKILL, by the test-mode fault switch)
 * before every step of add_domain and remove_domain in turn; after a restart and the
 * API's reconciliation the domain is complete or absent on the host and in the panel,
 * never half there, and the doctor is clean.
 */
let stack: FullStack;
const alice = testUsername();
let aliceId: number;

beforeAll(async () => {
  stack = await startFullStack();
  const res = await stack.request('POST', '/api/v1/accounts', {
    username: alice, domain: testDomain(alice), email: `owner@${testDomain(alice)}`, password: 's3cur3p@ss', package_id: 1,
  });
  expect(res.status).toBe(201);
  aliceId = res.body.data.id;
});

afterAll(async () => {
  await stack?.stop();
  removeTestUsers();
});

function stateDir(): string {
  return stack.agentConfig.stateDir as string;
}

function armFault(kind: string, step: number): void {
  writeFileSync(join(stateDir(), 'fault.json'), JSON.stringify({ kind, step, phase: 'apply' }));
}

function disarm(): void {
  rmSync(join(stateDir(), 'fault.json'), { force: true });
}

async function restartAgentAndSettle(): Promise<void> {
  disarm();
  const proc = stack.agentProcess();
  if (proc && proc.exitCode === null && proc.signalCode === null) await new Promise((r) => proc.once('exit', r));
  await stack.startAgent();
  for (let i = 0; i < 50; i++) {
    if ((await stack.request('GET', '/readyz', undefined, null)).status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stack.reconcile();
}

/** Every piece of the addon domain, in the panel and on the host. */
async function pieces(domain: string): Promise<Record<string, boolean>> {
  const record = JSON.parse(readFileSync(join(stateDir(), 'accounts', `${alice}.json`), 'utf8')) as { domains?: { domain: string }[] };
  return {
    row: (await stack.db('account_domains').where({ domain }).first()) !== undefined,
    record: (record.domains ?? []).some((d) => d.domain === domain),
    vhost: existsSync(join(stack.web.web.nginx.sitesAvailable, `${domain}.conf`)),
    link: existsSync(join(stack.web.web.nginx.sitesEnabled, `${domain}.conf`)),
    zone: (await dig(stack.pdns.port, domain, 'SOA')).answers.length > 0,
    mail: readFileSync(stack.maild.mail.vdomainsFile, 'utf8').split('\n').some((l) => l.startsWith(`${domain} `)),
  };
}

const ALL = { row: true, record: true, vhost: true, link: true, zone: true, mail: true };
const NONE = { row: false, record: false, vhost: false, link: false, zone: false, mail: false };

test('a crash before any step of add_domain leaves the addon domain absent; past the last step, complete', async () => {
  let crashes = 0;
  for (let k = 0; k <= ADD_DOMAIN.steps.length; k++) {
    const domain = `${alice}-add${k}.example.org`;
    armFault('add_domain', k);
    const res = await stack.request('POST', `/api/v1/accounts/${aliceId}/domains`, { domain, type: 'addon' });
    const crashed = res.status === 503;
    if (crashed) {
      crashes++;
      await restartAgentAndSettle();
    } else {
      disarm();
      expect([k, res.status]).toEqual([k, 201]);
    }
    expect({ k, ...(await pieces(domain)) }).toEqual({ k, ...(crashed ? NONE : ALL) });
    expect({ k, doctor: await stack.doctor() }).toEqual({ k, doctor: [] });
  }
  expect(crashes).toBe(ADD_DOMAIN.steps.length);
}, 600_000);

test('a crash before any step of remove_domain still ends with the domain gone (rolled forward)', async () => {
  let crashes = 0;
  for (let k = 0; k <= REMOVE_DOMAIN.steps.length; k++) {
    const domain = `${alice}-rm${k}.example.org`;
    expect((await stack.request('POST', `/api/v1/accounts/${aliceId}/domains`, { domain, type: 'addon' })).status).toBe(201);
    armFault('remove_domain', k);
    const res = await stack.request('DELETE', `/api/v1/accounts/${aliceId}/domains/${domain}`);
    if (res.status === 503) {
      crashes++;
      await restartAgentAndSettle();
    } else {
      disarm();
      expect([k, res.status]).toEqual([k, 204]);
    }
    expect({ k, ...(await pieces(domain)) }).toEqual({ k, ...NONE });
    expect({ k, doctor: await stack.doctor() }).toEqual({ k, doctor: [] });
  }
  expect(crashes).toBe(REMOVE_DOMAIN.steps.length);
}, 600_000);
