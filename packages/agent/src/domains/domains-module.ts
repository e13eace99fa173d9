import type { AgentModule, ModuleCore } from '../operations/agent-module';
import type { DomainParts } from './domain-spec';
import { DOMAIN_OPERATIONS } from './domain-operations';
import { domainsGrpc } from './domains-grpc';

/**
 * Addon domains, subdomains and aliases. It adds no parts and no lifecycle steps of its
 * own: its operations use the web, DNS and mail modules' parts, and the composition root
 * wraps those modules' suspend/unsuspend/delete steps with forEachAddedDomain so the
 * account lifecycle covers every domain.
 */
export function createDomainsModule(_core: ModuleCore): AgentModule<DomainParts, object, Record<string, never>> {
  return {
    name: 'domains',
    parts: {},
    steps: {},
    operations: DOMAIN_OPERATIONS,
    probes: [],
    orphanScanners: [],
    grpc: domainsGrpc,
    start() {},
    async close() {},
  };
}
