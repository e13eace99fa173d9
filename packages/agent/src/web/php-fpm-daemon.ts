import { promises as fs } from 'node:fs';
import { DependencyUnavailableError } from '@hearth/shared';
import { Exec, ExecError } from '../system/exec';
import type { PhpConfig } from './web-config';
import { withVersion } from './web-config';
import { ConfigTestFailedError, ManagedDaemon, ReadyCheck } from './reload-coordinator';
import type { ServiceControl } from './service-control';
import { isAlive, readPidFile, waitFor } from './process-table';

async function isSocket(path: string): Promise<boolean> {
  try {
    return (await fs.lstat(path)).isSocket();
  } catch {
    return false;
  }
}

async function pidFileStamp(path: string): Promise<string> {
  try {
    const stat = await fs.stat(path);
    return `${stat.mtimeMs}:${(await fs.readFile(path, 'utf8')).trim()}`;
  } catch {
    return 'absent';
  }
}

/**
 * One PHP-FPM master (one per PHP version). On SIGUSR2 it re-executes itself and
 * rewrites its pid file; a reload has taken effect when the pid file was rewritten by a
 * live master and every new pool's socket exists and every removed pool's socket is gone.
 */
export class PhpFpmDaemon implements ManagedDaemon {
  readonly name: string;
  private readonly binary: string;
  private readonly mainConfig: string;
  private readonly pidFile: string;
  private readonly unit: string;

  constructor(
    cfg: PhpConfig,
    version: string,
    private readonly exec: Exec,
    private readonly control: ServiceControl,
    private readonly timeoutMs: number,
  ) {
    this.name = `php-fpm${version}`;
    this.binary = withVersion(cfg.binaryPattern, version);
    this.mainConfig = withVersion(cfg.mainConfigPattern, version);
    this.pidFile = withVersion(cfg.pidFilePattern, version);
    this.unit = withVersion(cfg.systemdUnitPattern, version);
  }

  async test(): Promise<void> {
    try {
      await this.exec(this.binary, ['-t', '-y', this.mainConfig]);
    } catch (e) {
      if (e instanceof ExecError) throw new ConfigTestFailedError(`${this.name} -t`, `${e.result.stderr}\n${e.result.stdout}`);
      throw e;
    }
  }

  async reload(checks: readonly ReadyCheck[]): Promise<void> {
    const before = await pidFileStamp(this.pidFile);
    if (before === 'absent') throw new DependencyUnavailableError(`${this.name} is not running (no ${this.pidFile})`);
    await this.control.reload({ unit: this.unit, pidFile: this.pidFile, signal: 'SIGUSR2' });
    await waitFor(`${this.name} to reload`, this.timeoutMs, async () => {
      const stamp = await pidFileStamp(this.pidFile);
      if (stamp === 'absent' || stamp === before) return false;
      const pid = await readPidFile(this.pidFile);
      if (pid === null || !isAlive(pid)) return false;
      for (const check of checks) {
        if ('socketPresent' in check && !(await isSocket(check.socketPresent))) return false;
        if ('socketAbsent' in check && (await isSocket(check.socketAbsent))) return false;
      }
      return true;
    });
  }
}
