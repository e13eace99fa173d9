import type { AgentModule, ModuleCore } from '../operations/agent-module';
import type { DnsSettings } from './dns-config';
import type { DnsParts } from './dns-parts';
import { PowerDnsZoneWriter } from './powerdns-zone-writer';
import { dnsZoneProbe, dnsZoneStep, removeDnsZoneStep } from './dns-zone-step';
import { DNS_RECORD_OPERATIONS } from './dns-record-operations';
import { dnsZoneOrphans } from './dns-orphans';
import { dnsGrpc } from './dns-grpc';

export const dnsSteps = { dnsZoneStep, removeDnsZoneStep };

/** PowerDNS zones and records. The pool connects lazily: a down database fails requests, not start-up. */
export function createDnsModule(settings: DnsSettings, _core: ModuleCore): AgentModule<DnsParts, DnsParts, typeof dnsSteps> {
  const dns = settings.enabled ? new PowerDnsZoneWriter(settings) : null;
  return {
    name: 'dns',
    parts: { dns },
    steps: dnsSteps,
    operations: DNS_RECORD_OPERATIONS,
    probes: [Object.assign(dnsZoneProbe, { expected: (ctx: { parts: DnsParts }) => ctx.parts.dns !== null })],
    orphanScanners: [dnsZoneOrphans],
    grpc: dnsGrpc,
    start() {},
    async close() {
      await dns?.close();
    },
  };
}
