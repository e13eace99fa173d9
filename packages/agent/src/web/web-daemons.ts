import type { Logger } from '@hearth/shared';
import { ValidationError } from '@hearth/shared';
import type { Exec } from '../system/exec';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { WebConfig, phpShardProblem, resolveWebConfig } from './web-config';
import { ReloadCoordinator } from './reload-coordinator';
import { createServiceControl } from './service-control';
import { NginxDaemon } from './nginx-daemon';
import { PhpFpmDaemon } from './php-fpm-daemon';
import { WebStatsFile } from './web-stats';
import { agentMetrics } from '../metrics/agent-metrics';
import type { CommitOptions, ManagedDaemon, ReloadStats, TestKinds } from './reload-coordinator';
import type { FileChange } from './file-changes';
import type { NginxEntryFile } from './nginx-entry-file';
import { sitesEntry } from './sites-entry';
import { PoolPlacement } from './pool-placement';

/** Counts and times every reload for /metrics. */
function timed(daemon: ManagedDaemon): ManagedDaemon {
  return {
    name: daemon.name,
    // The changed paths must reach the daemon: PhpFpmDaemon tests only those when it can.
    test: (changed) => daemon.test(changed),
    reload: (checks) => agentMetrics.timeReload(daemon.name, () => daemon.reload(checks)),
    testKinds: daemon.testKinds,
  };
}

/** Stage → test → swap → reload of a set of files (ReloadCoordinator, or one per master). */
export interface ConfigCommitter {
  commit(changes: readonly FileChange[], opts?: CommitOptions): Promise<void>;
}

/**
 * The PHP-FPM masters of one version. A change goes to the master whose pool directory
 * holds its file, so adding a pool reloads only that master; changes of several masters
 * are committed to each in parallel. No change at all (a forced reload) reloads every one.
 */
class PhpMasters implements ConfigCommitter {
  constructor(private readonly byPoolDir: ReadonlyMap<string, ReloadCoordinator>) {}

  async commit(changes: readonly FileChange[], opts: CommitOptions = {}): Promise<void> {
    if (changes.length === 0) {
      await Promise.all([...this.byPoolDir.values()].map((c) => c.commit([], opts)));
      return;
    }
    const groups = new Map<ReloadCoordinator, FileChange[]>();
    for (const change of changes) {
      const coordinator = this.byPoolDir.get(resolve(dirname(change.path)));
      if (!coordinator) throw new Error(`${change.path} is in no PHP-FPM pool directory`);
      groups.set(coordinator, [...(groups.get(coordinator) ?? []), change]);
    }
    await Promise.all([...groups].map(([c, group]) => c.commit(group, opts)));
  }
}

/**
 * nginx's batches, with the sites entry every vhost inherits (render-nginx-sites-entry.ts)
 * in place before any of them: no vhost can go live without what it names.
 */
class NginxCommitter implements ConfigCommitter {
  constructor(private readonly coordinator: ReloadCoordinator, private readonly entry: NginxEntryFile) {}

  /** The daemon's whole, scoped and skipped tests so far. */
  get testKinds(): Readonly<TestKinds> | undefined {
    return this.coordinator.testKinds;
  }

  /** Requests, tests, reloads and rejections so far. */
  get stats(): Readonly<ReloadStats> {
    return this.coordinator.stats;
  }

  /**
   * `loadLater` only once a reload of this process has loaded the sites entry, and the bridge
   * in it, into nginx: until then (a new install, a changed entry, a predecessor killed before
   * its owed reload) nothing would serve the site, so its commit waits for a reload as any other.
   */
  async commit(changes: readonly FileChange[], opts: CommitOptions = {}): Promise<void> {
    await this.entry.ensure();
    await this.coordinator.commit(changes, { ...opts, loadLater: opts.loadLater === true && this.coordinator.stats.reloads > 0 });
  }

  /** Whether nginx runs the file at `path` as it is on disk (ReloadCoordinator.isLoaded). */
  isLoaded(path: string): boolean {
    return this.coordinator.isLoaded(path);
  }

  /** Certificate installs waiting to share a reload go now (ReloadCoordinator.hurry). */
  hurry(): void {
    this.coordinator.hurry();
  }

  /** Loads what passed its test and awaits a reload (the agent stops). */
  flush(): Promise<void> {
    return this.coordinator.flush();
  }
}

/** The web module's long-lived collaborators: one reload coordinator per daemon. */
export interface WebDaemons {
  readonly config: WebConfig;
  readonly nginx: NginxCommitter;
  /**
   * The PHP-FPM master(s) of `version`: commit() routes each pool file to the master of its
   * directory (AccountWebPaths.poolFile). Throws for a version not configured.
   */
  php(version: string): ConfigCommitter;
  /** Which master holds each account's pool, and where a new one goes. */
  readonly pools: PoolPlacement;
  readonly stats: WebStatsFile;
}

/**
 * Where scoped config tests write their throw-away files. Emptied here, at start-up: an agent
 * killed during a test (a crash, SIGKILL) leaves its directory behind, and nothing else
 * would ever remove it.
 */
function scratchDir(stateDir: string): string {
  const dir = join(stateDir, 'config-tests');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export function buildWebDaemons(
  raw: Partial<WebConfig> | undefined,
  deps: { exec: Exec; log: Logger; stateDir: string },
): WebDaemons {
  const config = resolveWebConfig(raw);
  const shardProblem = phpShardProblem(config.php);
  if (shardProblem) throw new Error(`invalid agent configuration: ${shardProblem}`);
  const log = deps.log.child({ module: 'web' });
  const control = createServiceControl(config.serviceControl, deps.exec);
  const stats = new WebStatsFile(deps.stateDir);
  const record = (name: string, s: Parameters<WebStatsFile['record']>[1]) => stats.record(name, s);
  const nginx = new ReloadCoordinator(
    timed(new NginxDaemon(config.nginx, deps.exec, control, config.reloadTimeoutMs)), config.reloadWindowMs, log, record,
    config.deferredReloadWindowMs,
  );
  const scratch = scratchDir(deps.stateDir);
  const php = new Map<string, PhpMasters>();
  for (const version of config.php.versions) {
    const byPoolDir = new Map<string, ReloadCoordinator>();
    for (let shard = 0; shard < config.php.shards; shard++) {
      const daemon = new PhpFpmDaemon(config.php, version, deps.exec, control, config.reloadTimeoutMs, scratch, shard);
      byPoolDir.set(resolve(daemon.pools), new ReloadCoordinator(timed(daemon), config.reloadWindowMs, log, record));
    }
    php.set(version, new PhpMasters(byPoolDir));
  }
  return {
    config,
    nginx: new NginxCommitter(nginx, sitesEntry(config, log)),
    pools: new PoolPlacement(config.php).load(),
    stats,
    php(version) {
      const c = php.get(version);
      if (!c) throw new ValidationError(`PHP ${version} is not available on this server`, [{ field: 'php_version', message: `must be one of ${config.php.versions.join(', ')}` }]);
      return c;
    },
  };
}
