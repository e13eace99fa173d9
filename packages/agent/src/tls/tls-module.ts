import type { AgentModule, ModuleCore } from '../operations/agent-module';
import type { WebDaemons } from '../web/web-daemons';
import type { TlsSettings } from './tls-config';
import type { TlsNeeds, TlsParts } from './tls-parts';
import { TlsManager } from './tls-manager';
import { tlsRemoveCertificateStep, tlsRequestStep, tlsStopStep } from './tls-steps';
import { tlsGrpc } from './tls-grpc';

export const tlsSteps = { tlsRequestStep, tlsStopStep, tlsRemoveCertificateStep };

/**
 * ACME and uploaded certificates, installed into the web module's vhosts. It takes the
 * web daemons (to rewrite a vhost with its HTTPS server) from the composition root, and
 * its manager is the VhostTlsSource the root hands back to the web steps. No probe: a
 * certificate comes later than the account (issuance runs in the background).
 */
export function createTlsModule(settings: TlsSettings, core: ModuleCore, web: WebDaemons): AgentModule<TlsNeeds, TlsParts, typeof tlsSteps> {
  const log = core.parts.log.child({ module: 'tls' });
  const tls = settings.enabled
    ? new TlsManager(settings, core.config.stateDir, log, { config: core.config, parts: { ...core.parts, web }, log: core.parts.log.child({ component: 'tls' }) })
    : null;
  return {
    name: 'tls',
    parts: { tls },
    steps: tlsSteps,
    operations: [],
    probes: [],
    orphanScanners: [],
    grpc: tlsGrpc,
    // After start-up recovery: background issuance and renewal begin here.
    start() {
      tls?.start();
    },
    async close() {
      await tls?.close();
    },
  };
}
