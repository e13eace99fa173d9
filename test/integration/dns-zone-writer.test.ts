import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictError, NotFoundError, ValidationError, normaliseRecord } from '@hearth/shared';
import { PowerDnsZoneWriter } from '../../packages/agent/src/dns/powerdns-zone-writer';
import { dnsSettings } from '../../packages/agent/src/dns/dns-config';
import { dnsZoneOrphans } from '../../packages/agent/src/dns/dns-orphans';
import type { StepContext } from '../../packages/agent/src/operations/step';
import type { DnsParts } from '../../packages/agent/src/dns/dns-parts';
import { dig, digData, PdnsInstance, startPdns } from '../harness/pdns';

/**
 * The PowerDNS zone writer against a real MariaDB and a real pdns_server: what it commits
 * is what dig answers.
 */
describe('PowerDnsZoneWriter with a real pdns_server', () => {
  let root: string;
  let pdns: PdnsInstance;
  let writer: PowerDnsZoneWriter;
  const zone = 'writer-test.example';
  const zoneOf = (label: string) => `${label}.hearth-zone.net`;

  beforeAll(async () => {
    root = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? tmpdir(), 'dns-writer-'));
    pdns = await startPdns({ root, dns: { serverIpv6: '2001:db8::10' } });
    writer = new PowerDnsZoneWriter(dnsSettings({ testMode: true, dns: pdns.dns }));
  });

  afterAll(async () => {
    await writer?.close();
    await pdns?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('a created zone answers SOA, NS, A, AAAA, MX and TXT as configured', async () => {
    const z = zoneOf('alpha');
    await writer.createZone(z, 'alice');
    const soa = await digData(pdns.port, z, 'SOA');
    expect(soa).toHaveLength(1);
    expect(soa[0]).toMatch(/^ns1\.hearth-test\.net\. hostmaster\.hearth-test\.net\. \d{10} 10800 3600 604800 3600$/);
    expect(await digData(pdns.port, z, 'NS')).toEqual(['ns1.hearth-test.net.', 'ns2.hearth-test.net.']);
    for (const host of [z, `www.${z}`, `mail.${z}`]) {
      expect(await digData(pdns.port, host, 'A')).toEqual(['192.0.2.10']);
      expect(await digData(pdns.port, host, 'AAAA')).toEqual(['2001:db8::10']);
    }
    expect(await digData(pdns.port, z, 'MX')).toEqual([`10 mail.${z}.`]);
    expect(await digData(pdns.port, z, 'TXT')).toEqual(['"v=spf1 a mx ~all"']);
    const { answers } = await dig(pdns.port, z, 'MX');
    expect(answers[0].ttl).toBe(3600);
  });

  test('creating again is a no-op; an overlapping zone of another account is refused', async () => {
    const z = zoneOf('beta');
    await writer.createZone(z, 'bob');
    await writer.createZone(z, 'bob');
    expect(await pdns.query('SELECT id FROM domains WHERE name = ?', [z])).toHaveLength(1);
    await expect(writer.createZone(z, 'carol')).rejects.toBeInstanceOf(ConflictError);
    await expect(writer.createZone(`shop.${z}`, 'carol')).rejects.toBeInstanceOf(ConflictError);
    await expect(writer.createZone('hearth-zone.net', 'carol')).rejects.toBeInstanceOf(ConflictError);
    // undo of the refused create must not touch bob's zone
    await writer.deleteZone(z, 'carol');
    expect(await digData(pdns.port, z, 'A')).toEqual(['192.0.2.10']);
  });

  test('record changes resolve at once and raise the serial; protected records stay', async () => {
    const z = zoneOf('gamma');
    await writer.createZone(z, 'gina');
    const before = (await writer.listRecords(z, 'gina')).serial;
    const { record, serial } = await writer.upsertRecord(z, 'gina', normaliseRecord(z, { name: `api.${z}`, type: 'A', content: '198.51.100.4' }));
    expect(serial).toBeGreaterThan(before);
    expect(await digData(pdns.port, `api.${z}`, 'A')).toEqual(['198.51.100.4']);
    expect(Number((await digData(pdns.port, z, 'SOA'))[0].split(' ')[2])).toBe(serial);

    const txt = await writer.upsertRecord(z, 'gina', normaliseRecord(z, { name: `_x.${z}`, type: 'TXT', content: 'say "hi" \\ ok' }));
    expect(await digData(pdns.port, `_x.${z}`, 'TXT')).toEqual(['"say \\"hi\\" \\\\ ok"']);
    expect((await writer.listRecords(z, 'gina')).records.find((r) => r.id === txt.record.id)?.content).toBe('say "hi" \\ ok');

    const updated = await writer.upsertRecord(z, 'gina', normaliseRecord(z, { name: `api.${z}`, type: 'A', content: '198.51.100.5', ttl: 120 }), record.id);
    expect(updated.serial).toBeGreaterThan(txt.serial);
    expect(await digData(pdns.port, `api.${z}`, 'A')).toEqual(['198.51.100.5']);

    const removed = await writer.deleteRecord(z, 'gina', record.id);
    expect(removed.serial).toBeGreaterThan(updated.serial);
    expect((await dig(pdns.port, `api.${z}`, 'A')).answers).toHaveLength(0);

    const { records } = await writer.listRecords(z, 'gina');
    const soa = records.find((r) => r.type === 'SOA')!;
    const ns = records.find((r) => r.type === 'NS')!;
    expect(soa.protected && ns.protected).toBe(true);
    await expect(writer.deleteRecord(z, 'gina', soa.id)).rejects.toBeInstanceOf(ValidationError);
    await expect(writer.deleteRecord(z, 'gina', ns.id)).rejects.toBeInstanceOf(ValidationError);
    await expect(writer.upsertRecord(z, 'gina', normaliseRecord(z, { name: `www.${z}`, type: 'CNAME', content: 'x.example.net' })))
      .rejects.toBeInstanceOf(ValidationError);
    await expect(writer.upsertRecord(z, 'gina', normaliseRecord(z, { name: `www.${z}`, type: 'A', content: '192.0.2.10' })))
      .rejects.toBeInstanceOf(ConflictError);
    // another account cannot see or change the zone
    await expect(writer.listRecords(z, 'mallory')).rejects.toBeInstanceOf(NotFoundError);
    await expect(writer.deleteRecord(z, 'mallory', records.find((r) => r.type === 'MX')!.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  test('deleting the zone removes every row and the server stops answering', async () => {
    const z = zoneOf('delta');
    await writer.createZone(z, 'dora');
    const [{ id }] = await pdns.query<{ id: number }>('SELECT id FROM domains WHERE name = ?', [z]);
    await writer.deleteZone(z, 'dora');
    await writer.deleteZone(z, 'dora');
    expect(await pdns.query('SELECT id FROM domains WHERE name = ?', [z])).toHaveLength(0);
    expect(await pdns.query('SELECT id FROM records WHERE domain_id = ?', [id])).toHaveLength(0);
    expect((await dig(pdns.port, z, 'SOA')).status).toBe('REFUSED');
  });

  test('an unreachable pdns database fails fast with DependencyUnavailableError', async () => {
    const down = new PowerDnsZoneWriter(dnsSettings({ testMode: true, dns: { ...pdns.dns, db: { ...pdns.dns.db, port: 1, connectTimeoutMs: 500 } } }));
    try {
      await expect(down.createZone(zoneOf('epsilon'), 'eve')).rejects.toMatchObject({ code: 'dependency_unavailable' });
    } finally {
      await down.close();
    }
  });

  test('zones of unknown accounts are reported as orphans and removed; zones not made by Hearth are never touched', async () => {
    const kept = zoneOf('zeta');
    const orphan = zoneOf('eta');
    await writer.createZone(kept, 'zoe');
    await writer.createZone(orphan, 'olaf');
    await pdns.query("INSERT INTO domains (name, type) VALUES ('by-hand.hearth-zone.net', 'NATIVE')");
    const ctx = { parts: { dns: writer } } as unknown as StepContext<DnsParts>;
    const records = [{ username: 'zoe', domain: kept }];
    const found = await dnsZoneOrphans.scan(ctx, records);
    expect(found.map((o) => o.name)).toContain(orphan);
    expect(found.map((o) => o.name)).not.toContain(kept);
    expect(found.map((o) => o.name)).not.toContain('by-hand.hearth-zone.net');
    await dnsZoneOrphans.remove(orphan, ctx);
    await dnsZoneOrphans.remove('by-hand.hearth-zone.net', ctx);
    expect((await dig(pdns.port, orphan, 'SOA')).status).toBe('REFUSED');
    expect(await pdns.query('SELECT id FROM domains WHERE name = ?', ['by-hand.hearth-zone.net'])).toHaveLength(1);
    expect(await digData(pdns.port, kept, 'A')).toEqual(['192.0.2.10']);
  });

  void zone;
});
