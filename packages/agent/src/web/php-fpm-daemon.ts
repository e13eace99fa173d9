import { promises as fs, lstatSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DependencyUnavailableError } from '@hearth/shared';
import { Exec, ExecError } from '../system/exec';
import type { PhpConfig } from './web-config';
import { withShard, withVersion } from './web-config';
import { ConfigTestFailedError, ManagedDaemon, TestKinds, ReadyCheck } from './reload-coordinator';
import type { ServiceControl } from './service-control';
import { isAlive, readPidFile, waitFor } from './process-table';
import { ConfigSnapshot, onlyChanged, takeSnapshot } from './config-snapshot';

/*
 * Direct calls, not promises: a reload's wait polls these every 15 ms (system/durable-file.ts
 * says why).
 */
function isSocket(path: string): boolean {
  try {
    return lstatSync(path).isSocket();
  } catch {
    return false;
  }
}

function pidFileStamp(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.mtimeMs}:${readFileSync(path, 'utf8').trim()}`;
  } catch {
    return 'absent';
  }
}

/** A `[pool]` section header other than `[global]`: the file defines a pool. */
const POOL_SECTION = /^\s*\[(?!global\])[^\]]+\]/m;

/**
 * One PHP-FPM master (per PHP version, or per version and shard: PhpConfig.shards). On SIGUSR2 it re-executes itself and
 * rewrites its pid file; a reload has taken effect when the pid file was rewritten by a
 * live master and every new pool's socket exists and every removed pool's socket is gone.
 *
 * Testing: `php-fpm -t` of the whole configuration parses every account's pool (about 2 s
 * at 1,000 pools on 2 busy cores). After one whole test has passed, the daemon keeps a
 * snapshot of the main file and the pool directory; when the only differences since are
 * the files of the batch under test, it tests just those files, through a throw-away main
 * file that includes them alone. That is as strict for them (same parser, same checks: a
 * bad pool still fails and is rolled back) and the rest is known good. Anything else
 * changed (an edit by hand, a restore after a failure) brings back the whole test.
 * Pool names and sockets are the account's username, unique on the host, so a pool
 * tested alone cannot clash with the others.
 */
export class PhpFpmDaemon implements ManagedDaemon {
  readonly name: string;
  private readonly binary: string;
  private readonly mainConfig: string;
  private readonly pidFile: string;
  private readonly unit: string;
  private readonly poolDir: string;
  /** The configuration as it was when it last passed a test (null: test everything). */
  private lastGood: ConfigSnapshot | null = null;
  readonly testKinds: TestKinds = { whole: 0, scoped: 0, skipped: 0 };

  constructor(
    cfg: PhpConfig,
    version: string,
    private readonly exec: Exec,
    private readonly control: ServiceControl,
    private readonly timeoutMs: number,
    /** Root's private directory for the throw-away main files of scoped tests (emptied at start-up: buildWebDaemons). */
    private readonly scratchDir: string,
    shard = 0,
  ) {
    this.name = cfg.shards > 1 ? `php-fpm${version}-${shard}` : `php-fpm${version}`;
    this.binary = withVersion(cfg.binaryPattern, version);
    this.mainConfig = withShard(cfg.mainConfigPattern, version, shard);
    this.pidFile = withShard(cfg.pidFilePattern, version, shard);
    this.unit = withShard(cfg.systemdUnitPattern, version, shard);
    this.poolDir = withShard(cfg.poolDirPattern, version, shard);
  }

  /** The directory of this master's pool files. */
  get pools(): string {
    return this.poolDir;
  }

  async test(changed: readonly string[] = []): Promise<void> {
    const now = await takeSnapshot([this.mainConfig], [this.poolDir]);
    const scoped = this.lastGood !== null && changed.length > 0 && onlyChanged(this.lastGood, now, new Set(changed));
    this.lastGood = null;
    if (!scoped) {
      this.testKinds.whole++;
      await this.run(this.mainConfig);
    } else {
      const written = [...new Set(changed)].filter((p) => now.has(p));
      if (written.length > 0) {
        this.testKinds.scoped++;
        await this.testAlone(written);
      } else if (await this.poolRemains(now)) {
        // Only removals, and a pool is left: nothing the master parses has changed.
        this.testKinds.skipped++;
      } else {
        this.testKinds.whole++;
        await this.run(this.mainConfig);
      }
    }
    this.lastGood = now;
  }

  /** `php-fpm -t` of `files` alone, through a throw-away main file in a private scratch dir. */
  private async testAlone(files: readonly string[]): Promise<void> {
    const dir = await fs.mkdtemp(join(this.scratchDir, 'test-'));
    try {
      const main = join(dir, 'php-fpm.conf');
      const lines = ['[global]', `pid = ${join(dir, 'php-fpm.pid')}`, `error_log = ${join(dir, 'php-fpm.log')}`, ...files.map((f) => `include = ${f}`)];
      await fs.writeFile(main, `${lines.join('\n')}\n`, { mode: 0o600 });
      // -n: no php.ini, so no extension is loaded (half the test's CPU); the pool sections
      // are parsed and checked exactly as without it, and php.ini is not what changed.
      await this.run(main, ['-n']);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  private async poolRemains(now: ConfigSnapshot): Promise<boolean> {
    for (const path of now.keys()) {
      const content = await fs.readFile(path, 'utf8').catch(() => '');
      if (POOL_SECTION.test(content)) return true;
    }
    return false;
  }

  private async run(mainConfig: string, flags: readonly string[] = []): Promise<void> {
    try {
      await this.exec(this.binary, [...flags, '-t', '-y', mainConfig]);
    } catch (e) {
      if (e instanceof ExecError) throw new ConfigTestFailedError(`${this.name} -t`, `${e.result.stderr}\n${e.result.stdout}`);
      throw e;
    }
  }

  async reload(checks: readonly ReadyCheck[]): Promise<void> {
    const before = pidFileStamp(this.pidFile);
    if (before === 'absent') throw new DependencyUnavailableError(`${this.name} is not running (no ${this.pidFile})`);
    await this.control.reload({ unit: this.unit, pidFile: this.pidFile, signal: 'SIGUSR2' });
    await waitFor(`${this.name} to reload`, this.timeoutMs, async () => {
      const stamp = pidFileStamp(this.pidFile);
      if (stamp === 'absent' || stamp === before) return false;
      const pid = await readPidFile(this.pidFile);
      if (pid === null || !isAlive(pid)) return false;
      for (const check of checks) {
        if ('socketPresent' in check && !isSocket(check.socketPresent)) return false;
        if ('socketAbsent' in check && isSocket(check.socketAbsent)) return false;
      }
      return true;
    });
  }
}
