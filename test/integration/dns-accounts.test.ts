import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, Stack } from '../harness/stack';
import { dig, digData, PdnsInstance, startPdns } from '../harness/pdns';
import { linuxUserExists, removeTestUsers, testDomain, testUsername } from '../harness/names';
import { AgentChannel } from '../../packages/api/src/agent/agent-channel';
import { GrpcDnsAgent } from '../../packages/api/src/agent/grpc-dns-client';

/*
 * Issue 4 end to end: accounts created through the API get a zone that a real
 * pdns_server answers from MariaDB; the records API changes what dig sees at once and
 * raises the SOA serial; bad records change nothing; deletion removes the zone; zones of
 * different accounts never nest.
 */
let stack: Stack;
let pdns: PdnsInstance;
let root: string;

function body(username: string, domain = testDomain(username)) {
  return { username, domain, email: `owner@${domain}`, password: 's3cur3p@ss', package_id: 1 };
}

async function soaSerial(zone: string): Promise<number> {
  const [soa] = await digData(pdns.port, zone, 'SOA');
  return Number(soa.split(' ')[2]);
}

function todayPrefix(): string {
  return new Date().toISOString().slice(0, 10).replace(/-/g, '');
}

beforeAll(async () => {
  root = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'dns-'));
  pdns = await startPdns({ root });
  stack = await startStack({ agent: { dns: pdns.dns } });
});

afterAll(async () => {
  await stack?.stop();
  await pdns?.stop();
  removeTestUsers();
  rmSync(root, { recursive: true, force: true });
});

describe('an account zone served by PowerDNS', () => {
  const owner = testUsername();
  const zone = testDomain(owner);
  let id: number;
  const records = () => stack.request('GET', `/api/v1/accounts/${id}/dns/records`);

  test('create through the API: dig answers SOA, NS, A (apex, www, mail), MX and TXT', async () => {
    const res = await stack.request('POST', '/api/v1/accounts', body(owner));
    expect(res.status).toBe(201);
    id = res.body.data.id;

    const soa = await dig(pdns.port, zone, 'SOA');
    expect(soa.status).toBe('NOERROR');
    expect(soa.answers).toHaveLength(1);
    expect(soa.answers[0].data).toMatch(new RegExp(`^ns1\\.hearth-test\\.net\\. hostmaster\\.hearth-test\\.net\\. ${todayPrefix()}01 10800 3600 604800 3600$`));
    expect(await digData(pdns.port, zone, 'NS')).toEqual(['ns1.hearth-test.net.', 'ns2.hearth-test.net.']);
    for (const host of [zone, `www.${zone}`, `mail.${zone}`]) {
      const a = await dig(pdns.port, host, 'A');
      expect(a.answers.map((x) => [x.data, x.ttl])).toEqual([['192.0.2.10', 3600]]);
    }
    expect(await digData(pdns.port, zone, 'MX')).toEqual([`10 mail.${zone}.`]);
    expect(await digData(pdns.port, zone, 'TXT')).toEqual(['"v=spf1 a mx ~all"']);
    // No IPv6 configured: no AAAA.
    expect((await dig(pdns.port, zone, 'AAAA')).answers).toEqual([]);
  });

  test('GET lists every record, SOA and apex NS marked protected, with the serial', async () => {
    const res = await records();
    expect(res.status).toBe(200);
    const summary = res.body.data.map((r: { name: string; type: string; content: string; priority: number | null; protected: boolean }) =>
      `${r.name} ${r.type} ${r.priority ?? '-'} ${r.content} ${r.protected ? 'protected' : ''}`.trim()).sort();
    expect(summary).toEqual([
      `mail.${zone} A - 192.0.2.10`,
      `${zone} A - 192.0.2.10`,
      `${zone} MX 10 mail.${zone}`,
      `${zone} NS - ns1.hearth-test.net protected`,
      `${zone} NS - ns2.hearth-test.net protected`,
      `${zone} SOA - ns1.hearth-test.net hostmaster.hearth-test.net ${await soaSerial(zone)} 10800 3600 604800 3600 protected`,
      `${zone} TXT - v=spf1 a mx ~all`,
      `www.${zone} A - 192.0.2.10`,
    ].sort());
    expect(res.body.meta.serial).toBe(await soaSerial(zone));
  });

  let apiRecordId: number;
  test('a record added through the API resolves at once, with a higher SOA serial', async () => {
    const before = await soaSerial(zone);
    const res = await stack.request('POST', `/api/v1/accounts/${id}/dns/records`, { name: `api.${zone}`, type: 'A', content: '198.51.100.7', ttl: 300 });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ name: `api.${zone}`, type: 'A', content: '198.51.100.7', ttl: 300, priority: null, protected: false });
    apiRecordId = res.body.data.id;
    const a = await dig(pdns.port, `api.${zone}`, 'A');
    expect(a.answers.map((x) => [x.data, x.ttl])).toEqual([['198.51.100.7', 300]]);
    const after = await soaSerial(zone);
    expect(after).toBeGreaterThan(before);
    expect(res.body.meta.serial).toBe(after);

    const mx = await stack.request('POST', `/api/v1/accounts/${id}/dns/records`, { name: '@', type: 'MX', content: 'backup-mx.example.net.', priority: 20 });
    expect(mx.status).toBe(201);
    expect(await digData(pdns.port, zone, 'MX')).toEqual([`10 mail.${zone}.`, '20 backup-mx.example.net.']);
    const txt = await stack.request('POST', `/api/v1/accounts/${id}/dns/records`, { name: `_dmarc.${zone}`, type: 'TXT', content: 'v=DMARC1; p=none' });
    expect(txt.status).toBe(201);
    expect(await digData(pdns.port, `_dmarc.${zone}`, 'TXT')).toEqual(['"v=DMARC1; p=none"']);
    expect(await soaSerial(zone)).toBeGreaterThan(after);
  });

  test('invalid records answer 422 and change nothing', async () => {
    const before = await records();
    const serial = await soaSerial(zone);
    const invalid: [string, Record<string, unknown>, string][] = [
      ['bad IPv4', { name: `bad.${zone}`, type: 'A', content: '192.0.2.300' }, 'content'],
      ['CNAME at the apex', { name: zone, type: 'CNAME', content: 'elsewhere.example.net' }, 'name'],
      ['MX without priority', { name: zone, type: 'MX', content: `mail2.${zone}` }, 'priority'],
      ['name outside the zone', { name: 'www.not-this-zone.org', type: 'A', content: '192.0.2.1' }, 'name'],
      ['TTL 10', { name: `short.${zone}`, type: 'A', content: '192.0.2.1', ttl: 10 }, 'ttl'],
    ];
    for (const [label, record, field] of invalid) {
      const res = await stack.request('POST', `/api/v1/accounts/${id}/dns/records`, record);
      expect([label, res.status, res.body.error]).toEqual([label, 422, 'validation_failed']);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    // Rules that need the zone are the agent's: CNAME beside other data is 422 too.
    const cname = await stack.request('POST', `/api/v1/accounts/${id}/dns/records`, { name: `www.${zone}`, type: 'CNAME', content: 'cdn.example.net' });
    expect([cname.status, cname.body.error]).toEqual([422, 'validation_failed']);
    expect(cname.body.message).toContain('CNAME');
    const duplicate = await stack.request('POST', `/api/v1/accounts/${id}/dns/records`, { name: `api.${zone}`, type: 'A', content: '198.51.100.7' });
    expect([duplicate.status, duplicate.body.error]).toEqual([409, 'conflict']);

    expect((await records()).body).toEqual(before.body);
    expect(await soaSerial(zone)).toBe(serial);
    for (const name of [`bad.${zone}`, `short.${zone}`]) expect((await dig(pdns.port, name, 'A')).answers).toEqual([]);
    expect((await dig(pdns.port, zone, 'CNAME')).answers).toEqual([]);
  });

  test('PUT replaces a record; DELETE stops it resolving; both raise the serial', async () => {
    const s0 = await soaSerial(zone);
    const put = await stack.request('PUT', `/api/v1/accounts/${id}/dns/records/${apiRecordId}`, { name: `api.${zone}`, type: 'A', content: '198.51.100.8', ttl: 600 });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ id: apiRecordId, content: '198.51.100.8', ttl: 600 });
    expect(await digData(pdns.port, `api.${zone}`, 'A')).toEqual(['198.51.100.8']);
    const s1 = await soaSerial(zone);
    expect(s1).toBeGreaterThan(s0);

    const del = await stack.request('DELETE', `/api/v1/accounts/${id}/dns/records/${apiRecordId}`);
    expect(del.status).toBe(204);
    expect(del.body).toBeNull();
    const gone = await dig(pdns.port, `api.${zone}`, 'A');
    expect(gone.status).toBe('NXDOMAIN');
    expect(gone.answers).toEqual([]);
    expect(await soaSerial(zone)).toBeGreaterThan(s1);
    expect((await stack.request('DELETE', `/api/v1/accounts/${id}/dns/records/${apiRecordId}`)).status).toBe(404);
  });

  test('SOA and apex NS cannot be changed or deleted', async () => {
    const list = (await records()).body.data as { id: number; type: string; name: string }[];
    const soa = list.find((r) => r.type === 'SOA')!;
    const ns = list.find((r) => r.type === 'NS' && r.name === zone)!;
    for (const r of [soa, ns]) {
      const del = await stack.request('DELETE', `/api/v1/accounts/${id}/dns/records/${r.id}`);
      expect([del.status, del.body.error]).toEqual([422, 'validation_failed']);
      const put = await stack.request('PUT', `/api/v1/accounts/${id}/dns/records/${r.id}`, { name: `x.${zone}`, type: 'A', content: '192.0.2.1' });
      expect(put.status).toBe(422);
    }
    expect(await digData(pdns.port, zone, 'NS')).toEqual(['ns1.hearth-test.net.', 'ns2.hearth-test.net.']);
  });

  test('suspend leaves DNS alone', async () => {
    const serial = await soaSerial(zone);
    expect((await stack.request('POST', `/api/v1/accounts/${id}/suspend`)).status).toBe(200);
    expect(await digData(pdns.port, `www.${zone}`, 'A')).toEqual(['192.0.2.10']);
    expect(await soaSerial(zone)).toBe(serial);
    expect((await stack.request('POST', `/api/v1/accounts/${id}/unsuspend`)).status).toBe(200);
  });

  describe('zones never nest across accounts', () => {
    test(`b.{domain} is refused with 409 while another account owns {domain}`, async () => {
      const other = testUsername();
      const res = await stack.request('POST', '/api/v1/accounts', body(other, `b.${zone}`));
      expect([res.status, res.body.error]).toEqual([409, 'conflict']);
      expect(linuxUserExists(other)).toBe(false);
      expect(await pdns.query('SELECT id FROM domains WHERE name = ?', [`b.${zone}`])).toEqual([]);
    });

    test('and vice versa: {domain} is refused while another account owns b.{domain}', async () => {
      const child = testUsername();
      const parent = testUsername();
      const parentZone = testDomain(parent);
      const created = await stack.request('POST', '/api/v1/accounts', body(child, `b.${parentZone}`));
      expect(created.status).toBe(201);
      expect(await digData(pdns.port, `b.${parentZone}`, 'A')).toEqual(['192.0.2.10']);
      const res = await stack.request('POST', '/api/v1/accounts', body(parent, parentZone));
      expect([res.status, res.body.error]).toEqual([409, 'conflict']);
      expect(linuxUserExists(parent)).toBe(false);
      expect((await dig(pdns.port, parentZone, 'SOA')).status).toBe('REFUSED');
      expect((await stack.request('DELETE', `/api/v1/accounts/${created.body.data.id}`)).status).toBe(204);
    });

    test('the agent refuses on its own a zone that overlaps one already in PowerDNS; the create rolls back', async () => {
      // A zone the panel does not know (added to PowerDNS by hand): only the agent can see it.
      const stranger = testUsername();
      const foreign = testDomain(stranger);
      await pdns.query("INSERT INTO domains (name, type, account) VALUES (?, 'NATIVE', 'someone')", [foreign]);
      try {
        const res = await stack.request('POST', '/api/v1/accounts', body(stranger, `shop.${foreign}`));
        expect([res.status, res.body.error]).toEqual([409, 'conflict']);
        expect(linuxUserExists(stranger)).toBe(false);
        expect(await pdns.query('SELECT id FROM domains WHERE name = ?', [`shop.${foreign}`])).toEqual([]);
        expect((await stack.request('GET', '/api/v1/accounts?per_page=100')).body.data.map((a: { username: string }) => a.username)).not.toContain(stranger);
      } finally {
        await pdns.query('DELETE FROM domains WHERE name = ?', [foreign]);
      }
    });
  });

  test('another account cannot read or change this zone through its own id', async () => {
    const other = testUsername();
    const created = await stack.request('POST', '/api/v1/accounts', body(other));
    expect(created.status).toBe(201);
    const mine = (await records()).body.data as { id: number; type: string }[];
    const mx = mine.find((r) => r.type === 'MX')!;
    const res = await stack.request('DELETE', `/api/v1/accounts/${created.body.data.id}/dns/records/${mx.id}`);
    expect([res.status, res.body.error]).toEqual([404, 'not_found']);
    expect((await digData(pdns.port, zone, 'MX')).length).toBeGreaterThan(0);
    expect((await stack.request('GET', '/api/v1/accounts/999999/dns/records')).status).toBe(404);
    expect((await stack.request('DELETE', `/api/v1/accounts/${created.body.data.id}`)).status).toBe(204);
  });

  test('the agent re-validates on its own and replays an operation_id without a second effect', async () => {
    const channel = new AgentChannel({ socketPath: stack.agentConfig.socketPath as string, tokenFile: stack.agentConfig.tokenFile as string, timeoutMs: 10000 });
    try {
      const agent = new GrpcDnsAgent(channel);
      const ref = { username: owner, domain: zone };
      const record = { name: `replay.${zone}`, type: 'A', content: '203.0.113.9', ttl: 3600, priority: null };
      const first = await agent.upsertRecord('dns-replay-0001', ref, record);
      const again = await agent.upsertRecord('dns-replay-0001', ref, record);
      expect(again).toEqual(first);
      expect(await pdns.query('SELECT id FROM records WHERE name = ?', [`replay.${zone}`])).toHaveLength(1);
      expect(await soaSerial(zone)).toBe(first.serial);

      // Straight to the agent, past the API's checks: still refused, nothing written.
      await expect(agent.upsertRecord('dns-bad-00001', ref, { ...record, name: zone, type: 'CNAME', content: 'x.example.net' }))
        .rejects.toMatchObject({ code: 'validation_failed' });
      await expect(agent.upsertRecord('dns-bad-00002', ref, { ...record, name: `a\nb.${zone}` }))
        .rejects.toMatchObject({ code: 'validation_failed' });
      await expect(agent.upsertRecord('dns-bad-00003', ref, { ...record, type: 'TXT', content: 'x\u0000y' }))
        .rejects.toMatchObject({ code: 'validation_failed' });
      await expect(agent.listRecords({ username: 'mallory1', domain: zone })).rejects.toMatchObject({ code: 'not_found' });
      expect(await soaSerial(zone)).toBe(first.serial);
      await agent.deleteRecord('dns-replay-0002', ref, first.record.id);
      await agent.deleteRecord('dns-replay-0002', ref, first.record.id);
      expect(await pdns.query('SELECT id FROM records WHERE name = ?', [`replay.${zone}`])).toHaveLength(0);
    } finally {
      channel.close();
    }
  });

  test('after the account is deleted the server no longer answers for the zone and no rows remain', async () => {
    const [{ id: domainId }] = await pdns.query<{ id: number }>('SELECT id FROM domains WHERE name = ?', [zone]);
    const res = await stack.request('DELETE', `/api/v1/accounts/${id}`);
    expect(res.status).toBe(204);
    for (const type of ['SOA', 'A', 'MX']) expect((await dig(pdns.port, zone, type)).status).toBe('REFUSED');
    expect((await dig(pdns.port, `www.${zone}`, 'A')).status).toBe('REFUSED');
    expect(await pdns.query('SELECT id FROM domains WHERE name = ?', [zone])).toEqual([]);
    expect(await pdns.query('SELECT id FROM records WHERE domain_id = ? OR name = ? OR name LIKE ?', [domainId, zone, `%.${zone}`])).toEqual([]);
    expect((await stack.request('GET', `/api/v1/accounts/${id}/dns/records`)).status).toBe(404);
  });
});
