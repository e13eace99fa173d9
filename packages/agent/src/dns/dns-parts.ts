import type { StepContext } from '../operations/step';
import type { ZoneWriter } from './zone-writer';

/** What the DNS module adds to the step context: the PowerDNS writer, null when DNS is off. */
export interface DnsParts {
  readonly dns: ZoneWriter | null;
}

export type DnsContext = StepContext<DnsParts>;
