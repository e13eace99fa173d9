import type { AgentConfig } from '../config';
import { dnsSettings } from './dns-config';
import { PowerDnsZoneWriter } from './powerdns-zone-writer';
import type { ZoneWriter } from './zone-writer';

/** The PowerDNS writer, or null when DNS is disabled. The pool connects lazily: a down database fails requests, not start-up. */
export function buildZoneWriter(config: Pick<AgentConfig, 'testMode' | 'dns'>): ZoneWriter | null {
  const settings = dnsSettings(config);
  return settings.enabled ? new PowerDnsZoneWriter(settings) : null;
}
