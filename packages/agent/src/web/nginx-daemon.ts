import { DependencyUnavailableError } from '@hearth/shared';
import { Exec, ExecError } from '../system/exec';
import type { NginxConfig } from './web-config';
import { ConfigTestFailedError, ManagedDaemon } from './reload-coordinator';
import type { ServiceControl } from './service-control';
import { childrenOf, readPidFile, waitFor } from './process-table';

/**
 * nginx as the coordinator sees it. A reload has taken effect when the master has
 * started a new generation of workers and every old worker has stopped accepting
 * (it is gone or titled "worker process is shutting down"): from then on every new
 * connection is answered with the new configuration.
 */
export class NginxDaemon implements ManagedDaemon {
  readonly name = 'nginx';

  constructor(
    private readonly cfg: NginxConfig,
    private readonly exec: Exec,
    private readonly control: ServiceControl,
    private readonly timeoutMs: number,
  ) {}

  async test(): Promise<void> {
    try {
      await this.exec(this.cfg.binary, ['-t', '-q', '-c', this.cfg.mainConfig]);
    } catch (e) {
      if (e instanceof ExecError) throw new ConfigTestFailedError('nginx -t', e.result.stderr || e.result.stdout);
      throw e;
    }
  }

  async reload(): Promise<void> {
    const master = await readPidFile(this.cfg.pidFile);
    if (master === null) throw new DependencyUnavailableError(`nginx is not running (no pid in ${this.cfg.pidFile})`);
    const before = await childrenOf(master);
    await this.control.reload({ unit: this.cfg.systemdUnit, pidFile: this.cfg.pidFile, signal: 'SIGHUP' });
    await waitFor('nginx to start its new workers', this.timeoutMs, async () => {
      const now = await childrenOf(master);
      const fresh = [...now.keys()].some((pid) => !before.has(pid));
      const oldStillAccepting = [...before.keys()].some(
        (pid) => now.has(pid) && !now.get(pid)!.includes('shutting down'),
      );
      return fresh && !oldStillAccepting;
    });
  }
}
