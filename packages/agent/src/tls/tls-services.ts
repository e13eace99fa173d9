import type { Logger } from '@hearth/shared';
import type { AgentConfig } from '../config';
import { tlsSettings } from './tls-config';
import { TlsManager } from './tls-manager';

/** The TLS manager, or null when TLS is disabled. It starts working once attached (after recovery). */
export function buildTlsManager(config: Pick<AgentConfig, 'testMode' | 'tls' | 'stateDir'>, log: Logger): TlsManager | null {
  const settings = tlsSettings(config);
  return settings.enabled ? new TlsManager(settings, config.stateDir, log.child({ module: 'tls' })) : null;
}
