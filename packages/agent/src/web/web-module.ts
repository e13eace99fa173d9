import type { AgentModule, ModuleCore } from '../operations/agent-module';
import type { WebConfig } from './web-config';
import type { WebParts } from './web-parts';
import { buildWebDaemons, WebDaemons } from './web-daemons';
import { upgradePools } from './pool-upgrade';
import { defaultIndexStep } from './default-index-step';
import { phpPoolStep } from './php-pool-step';
import { nginxVhostStep } from './nginx-vhost-step';
import { suspendPoolStep, suspendVhostStep, unsuspendPoolStep, unsuspendVhostStep } from './suspend-steps';
import { removePoolStep, removeVhostStep } from './delete-steps';
import { removeWebLogDirStep, webLogDirStep } from './log-dir-step';
import { phpPoolProbe, vhostProbe } from './web-probes';
import { poolOrphans, vhostOrphans } from './web-orphans';
import type { ComponentProbe } from '../operations/agent-module';

export const webSteps = {
  defaultIndexStep, webLogDirStep, phpPoolStep, nginxVhostStep, suspendVhostStep, suspendPoolStep, unsuspendPoolStep,
  unsuspendVhostStep, removeVhostStep, removePoolStep, removeWebLogDirStep,
};

function expectedWhen(probe: ComponentProbe<WebParts>, expected: NonNullable<ComponentProbe<WebParts>['expected']>): ComponentProbe<WebParts> {
  return Object.assign(probe, { expected });
}

/**
 * nginx vhosts and PHP-FPM pools. Its steps also need a VhostTlsSource (`ctx.parts.vhostTls`),
 * which the composition root wires to the TLS module; the web module itself never imports TLS.
 */
export function createWebModule(settings: Partial<WebConfig> | undefined, core: ModuleCore): AgentModule<WebParts, { web: WebDaemons }, typeof webSteps> {
  const web = buildWebDaemons(settings, { exec: core.parts.exec, log: core.parts.log, stateDir: core.config.stateDir });
  return {
    name: 'web',
    parts: { web },
    steps: webSteps,
    operations: [],
    probes: [
      expectedWhen(vhostProbe, (ctx) => ctx.parts.web.config.enabled === true),
      // A suspended account's pool is parked (PHP stops running for it).
      expectedWhen(phpPoolProbe, (ctx, suspended) => ctx.parts.web.config.enabled === true && !suspended),
    ],
    orphanScanners: [vhostOrphans, poolOrphans],
    grpc: () => null,
    prepare: () => upgradePools(web, core.parts.log.child({ module: 'web' })),
    start() {},
    // New sites' vhosts that passed their test but wait for their reload (the bridge serves them) are loaded now.
    async close() {
      await web.nginx.flush();
    },
  };
}
