import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startFullStack, FullStack } from '../harness/full-stack';
import { accountBody, linuxUserExists, removeTestUsers, testUsername } from '../harness/names';
import { accountLifecycle } from '../../packages/agent/src/compose-agent';
import { memberNames } from '../../packages/agent/src/operations/step-groups';

/*
 * Crash safety: for create, delete, suspend and unsuspend, and for every step k of each,
 * the agent is made to die abruptly (SIGKILL, in test mode only) just before step k.
 * After a restart (recovery runs before the socket opens) and reconciliation, the panel
 * and the host must agree (`hearthctl doctor` clean), the account must be complete or
 * absent, and the API's earlier answer must agree with that end state.
 */
let stack: FullStack;
let crashPoints = 0;
let partialStates = 0;
const perOperation: Record<string, number> = {};

beforeAll(async () => {
  stack = await startFullStack();
});

afterAll(async () => {
  process.stdout.write(`\nfault injection: ${crashPoints} crash points, ${partialStates} partial states (${JSON.stringify(perOperation)})\n`);
  await stack?.stop();
  removeTestUsers();
});


function armFault(kind: string, step: number): void {
  writeFileSync(join(stack.agentConfig.stateDir as string, 'fault.json'), JSON.stringify({ kind, step, phase: 'apply' }));
}

function disarm(): void {
  rmSync(join(stack.agentConfig.stateDir as string, 'fault.json'), { force: true });
}

async function restartAgentAndSettle(): Promise<void> {
  disarm();
  const proc = stack.agentProcess();
  if (proc && proc.exitCode === null && proc.signalCode === null) await new Promise((r) => proc.once('exit', r));
  await stack.startAgent();
  // The API's client reconnects within its short back-off.
  for (let i = 0; i < 50; i++) {
    if ((await stack.request('GET', '/readyz', undefined, null)).status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stack.reconcile();
}

async function create(username: string): Promise<number> {
  const res = await stack.request('POST', '/api/v1/accounts', accountBody(username));
  expect(res.status).toBe(201);
  return res.body.data.id;
}

/** Where the account is in the panel and on the host, and whether both agree. */
async function endState(username: string): Promise<{ row: string | null; host: 'absent' | 'complete' | 'partial'; suspended: boolean }> {
  const row = await stack.db('accounts').where({ username }).first();
  const inventory = await stack.api()!.deps.accountAgent.inventory();
  const host = inventory.accounts.find((a) => a.username === username);
  const orphanUser = inventory.orphans.some((o) => o.name === username);
  let state: 'absent' | 'complete' | 'partial' = 'absent';
  if (host) state = host.expected.every((c) => host.present.includes(c)) ? 'complete' : 'partial';
  else if (orphanUser || linuxUserExists(username)) state = 'partial';
  return { row: row?.status ?? null, host: state, suspended: host?.suspended ?? false };
}

type Op = { kind: string; prepare: (u: string) => Promise<number | null>; act: (u: string, id: number | null) => Promise<number>; ifCrashed: { row: string | null; host: 'absent' | 'complete'; suspended?: boolean }; ifDone: { row: string | null; host: 'absent' | 'complete'; suspended?: boolean } };

/**
 * One crash point per single step: the agent dies before the k-th to start, for every k.
 * Members of a group (steps run at the same time) count one each, in the order they start.
 */
const lifecycle = accountLifecycle();
const STEP_COUNT: Record<string, number> = Object.fromEntries(
  [lifecycle.create, lifecycle.delete, lifecycle.suspend, lifecycle.unsuspend].map((def) => [def.kind, def.steps.flatMap((s) => memberNames(s)).length]),
);

const OPS: Op[] = [
  {
    kind: 'create_account',
    prepare: async () => null,
    act: async (u) => (await stack.request('POST', '/api/v1/accounts', accountBody(u))).status,
    ifCrashed: { row: null, host: 'absent' },
    ifDone: { row: 'active', host: 'complete' },
  },
  {
    kind: 'delete_account',
    prepare: (u) => create(u),
    act: async (_u, id) => (await stack.request('DELETE', `/api/v1/accounts/${id}`)).status,
    // Deletes are rolled forward: once started, they finish.
    ifCrashed: { row: null, host: 'absent' },
    ifDone: { row: null, host: 'absent' },
  },
  {
    kind: 'suspend_account',
    prepare: (u) => create(u),
    act: async (_u, id) => (await stack.request('POST', `/api/v1/accounts/${id}/suspend`)).status,
    ifCrashed: { row: 'active', host: 'complete', suspended: false },
    ifDone: { row: 'suspended', host: 'complete', suspended: true },
  },
  {
    kind: 'unsuspend_account',
    prepare: async (u) => {
      const id = await create(u);
      expect((await stack.request('POST', `/api/v1/accounts/${id}/suspend`)).status).toBe(200);
      return id;
    },
    act: async (_u, id) => (await stack.request('POST', `/api/v1/accounts/${id}/unsuspend`)).status,
    ifCrashed: { row: 'suspended', host: 'complete', suspended: true },
    ifDone: { row: 'active', host: 'complete', suspended: false },
  },
];

describe.each(OPS)('crash at every step of $kind', (op) => {
  test('every crash point ends complete or absent, doctor clean, and the API answer agrees', async () => {
    perOperation[op.kind] = 0;
    for (let k = 0; k < 50; k++) {
      const username = testUsername();
      const id = await op.prepare(username);
      armFault(op.kind, k);
      const status = await op.act(username, id);
      const crashed = status === 503;
      if (!crashed) {
        disarm();
        expect(status).toBeLessThan(300);
      } else {
        crashPoints++;
        perOperation[op.kind]++;
        await restartAgentAndSettle();
      }
      const expected = crashed ? op.ifCrashed : op.ifDone;
      const state = await endState(username);
      const doctor = await stack.doctor();
      const consistent = state.row === expected.row && state.host === expected.host
        && (expected.suspended === undefined || state.suspended === expected.suspended) && doctor.length === 0;
      if (!consistent) partialStates++;
      expect({ k, crashed, ...state, doctor }).toEqual({ k, crashed, row: expected.row, host: expected.host, suspended: expected.suspended ?? state.suspended, doctor: [] });
      if (!crashed) break; // k ran past the last step: every step has been a crash point
    }
    expect(perOperation[op.kind]).toBe(STEP_COUNT[op.kind]);
  }, 900_000); // a crash, restart and settle per step: minutes on a loaded machine, not a timing bound
});
