import type { Logger } from '@hearth/shared';
import { ValidationError } from '@hearth/shared';
import type { Exec } from '../system/exec';
import { WebConfig, resolveWebConfig } from './web-config';
import { ReloadCoordinator } from './reload-coordinator';
import { createServiceControl } from './service-control';
import { NginxDaemon } from './nginx-daemon';
import { PhpFpmDaemon } from './php-fpm-daemon';
import { WebStatsFile } from './web-stats';
import { agentMetrics } from '../metrics/agent-metrics';
import type { ManagedDaemon } from './reload-coordinator';

/** Counts and times every reload for /metrics. */
function timed(daemon: ManagedDaemon): ManagedDaemon {
  return {
    name: daemon.name,
    test: () => daemon.test(),
    reload: (checks) => agentMetrics.timeReload(daemon.name, () => daemon.reload(checks)),
  };
}

/** The web module's long-lived collaborators: one reload coordinator per daemon. */
export interface WebDaemons {
  readonly config: WebConfig;
  readonly nginx: ReloadCoordinator;
  /** The coordinator of the PHP-FPM master of `version`; throws for a version not configured. */
  php(version: string): ReloadCoordinator;
  readonly stats: WebStatsFile;
}

export function buildWebDaemons(
  raw: Partial<WebConfig> | undefined,
  deps: { exec: Exec; log: Logger; stateDir: string },
): WebDaemons {
  const config = resolveWebConfig(raw);
  const log = deps.log.child({ module: 'web' });
  const control = createServiceControl(config.serviceControl, deps.exec);
  const stats = new WebStatsFile(deps.stateDir);
  const record = (name: string, s: Parameters<WebStatsFile['record']>[1]) => stats.record(name, s);
  const nginx = new ReloadCoordinator(
    timed(new NginxDaemon(config.nginx, deps.exec, control, config.reloadTimeoutMs)), config.reloadWindowMs, log, record,
  );
  const php = new Map<string, ReloadCoordinator>();
  for (const version of config.php.versions) {
    php.set(version, new ReloadCoordinator(
      timed(new PhpFpmDaemon(config.php, version, deps.exec, control, config.reloadTimeoutMs)), config.reloadWindowMs, log, record,
    ));
  }
  return {
    config,
    nginx,
    stats,
    php(version) {
      const c = php.get(version);
      if (!c) throw new ValidationError(`PHP ${version} is not available on this server`, [{ field: 'php_version', message: `must be one of ${config.php.versions.join(', ')}` }]);
      return c;
    },
  };
}
