import { DependencyUnavailableError } from '@hearth/shared';
import { Exec, ExecError } from '../system/exec';
import type { NginxConfig } from './web-config';
import { ConfigTestFailedError, ManagedDaemon, TestKinds } from './reload-coordinator';
import type { ServiceControl } from './service-control';
import { childrenOf, readPidFile, waitFor } from './process-table';
import { ConfigSnapshot, takeSnapshot } from './config-snapshot';
import { planNginxTest, scopedMainConfig, withScopedMain } from './nginx-scoped-test';
import { promises as fs } from 'node:fs';

/**
 * nginx as the coordinator sees it. A reload has taken effect when the master has
 * started a new generation of workers and every old worker has stopped accepting
 * (it is gone or titled "worker process is shutting down"): from then on every new
 * connection is answered with the new configuration.
 *
 * Testing: `nginx -t` of the whole configuration parses every vhost and opens two log
 * files per site (O(accounts): about as long as the reload itself). As for PHP-FPM pools
 * (PhpFpmDaemon), once a whole test has passed and only the batch's vhost files moved
 * since, just those are tested, through a throw-away main file that includes them in
 * place of sites-enabled (nginx-scoped-test.ts): the same parser and checks for them,
 * the rest known good.
 */
export class NginxDaemon implements ManagedDaemon {
  readonly name = 'nginx';

  constructor(
    private readonly cfg: NginxConfig,
    private readonly exec: Exec,
    private readonly control: ServiceControl,
    private readonly timeoutMs: number,
  ) {}

  private lastGood: ConfigSnapshot | null = null;
  readonly testKinds: TestKinds = { whole: 0, scoped: 0, skipped: 0 };

  async test(changed: readonly string[] = []): Promise<void> {
    // sites-enabled alone: nginx reads nothing else there, and each link's stamp is its
    // target's (stat follows it), so an edit of an enabled file in sites-available shows.
    // A file nothing enables is not nginx's business. Half the stats of both directories.
    const now = await takeSnapshot([this.cfg.mainConfig], [this.cfg.sitesEnabled]);
    const plan = planNginxTest(this.cfg, this.lastGood, now, changed);
    this.lastGood = null;
    const scopedText = plan.kind === 'scoped'
      ? scopedMainConfig(await fs.readFile(this.cfg.mainConfig, 'utf8'), this.cfg.sitesEnabled, plan.enabled)
      : null;
    if (plan.kind === 'skip') {
      this.testKinds.skipped++;
    } else if (scopedText !== null) {
      this.testKinds.scoped++;
      await withScopedMain(this.cfg.mainConfig, scopedText, (path) => this.run(path));
    } else {
      this.testKinds.whole++;
      await this.run(this.cfg.mainConfig);
    }
    this.lastGood = now;
  }

  private async run(mainConfig: string): Promise<void> {
    try {
      await this.exec(this.cfg.binary, ['-t', '-q', '-c', mainConfig]);
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
