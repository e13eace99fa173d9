import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ExecError, type Exec } from '../system/exec';
import { agentMetrics } from '../metrics/agent-metrics';
import { TokenBucket } from '../system/token-bucket';

/** Reloads that start at once one after another before the interval applies. */
const RELOAD_BURST = 3;

/**
 * `postfix reload`, coalesced. A Postfix daemon reads a texthash: map once, as it starts,
 * so a running smtpd would answer its next client from the old map (a suspended domain
 * still accepting mail, a deleted mailbox still "250 OK"). A reload makes the master
 * replace its idle processes at once. Callers that arrive while
 * a reload runs share the next one, which starts after their change: one reload serves
 * any number of parallel map edits, and none of them is answered by a reload that began
 * before its edit. A stopped Postfix needs no reload, which is not an error.
 *
 * Reloads are also held to one per `minIntervalMs` once more than RELOAD_BURST come one after
 * another (group commit, TokenBucket): each costs Postfix about 57 ms of CPU (the master reads
 * its configuration again and restarts qmgr, pickup and the rest: `bench/README.md`, fifteenth
 * pass), and while accounts were created four a second every create paid one. A lone change,
 * or a few in a row (a create right after a delete), is reloaded at once; under steady load
 * the edits of the last interval share one reload, whose callers wait up to the interval more.
 */
export class PostfixReloader {
  private current: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private readonly budget: TokenBucket;

  private queueDir: Promise<string> | null = null;

  /**
   * `signalMaster`: send SIGHUP to the master named by `{queue_directory}/pid/master.pid`
   * ourselves. That is all `postfix reload` does for a map change (its script also runs
   * `master -t` and two `postsuper` passes, queue upkeep a map edit does not need), and the
   * command took 0.4–0.6 s per reload on a busy 2-core machine. Anything unexpected (no
   * readable queue directory, a pid that is not Postfix's master) falls back to the command.
   */
  constructor(
    private readonly postfixPath: string,
    private readonly configDir: string,
    private readonly exec: Exec,
    private readonly signalMaster = false,
    minIntervalMs = 0,
  ) {
    this.budget = new TokenBucket(RELOAD_BURST, minIntervalMs);
  }

  reload(): Promise<void> {
    if (this.next) return this.next;
    const wait = this.budget.waitMs();
    if (!this.current && wait <= 0) return this.start();
    const after = Promise.all([this.current?.catch(() => undefined), sleep(Math.max(0, wait))]).then(() => {
      this.next = null;
      return this.start();
    });
    this.next = after;
    return after;
  }

  private start(): Promise<void> {
    this.budget.take();
    const run = this.once().finally(() => {
      if (this.current === run) this.current = null;
    });
    this.current = run;
    return run;
  }

  private once(): Promise<void> {
    return agentMetrics.timeReload('postfix', () => this.reloadNow());
  }

  private async reloadNow(): Promise<void> {
    if (this.signalMaster) {
      const done = await this.hupMaster().catch(() => false);
      if (done) return;
    }
    try {
      await this.exec(this.postfixPath, ['-c', this.configDir, 'reload']);
    } catch (e) {
      if (e instanceof ExecError && /not running/i.test(e.result.stderr + e.result.stdout)) return;
      throw e;
    }
  }

  /** True when the master got SIGHUP or is not running; false: use `postfix reload`. */
  private async hupMaster(): Promise<boolean> {
    this.queueDir ??= this.exec(join(dirname(this.postfixPath), 'postconf'), ['-c', this.configDir, '-h', 'queue_directory'])
      .then((r) => r.stdout.trim());
    const queue = await this.queueDir.catch((e) => {
      this.queueDir = null;
      throw e;
    });
    if (!queue.startsWith('/')) return false;
    let text: string;
    try {
      text = await fs.readFile(join(queue, 'pid', 'master.pid'), 'utf8');
    } catch (e) {
      // No pid file: Postfix is stopped, and a stopped Postfix needs no reload.
      return (e as NodeJS.ErrnoException).code === 'ENOENT';
    }
    const pid = Number(text.trim().split(/\s+/)[0]);
    if (!Number.isInteger(pid) || pid <= 1) return false;
    const comm = await fs.readFile(`/proc/${pid}/comm`, 'utf8').catch(() => null);
    // A stale pid file of a stopped Postfix: nothing to reload. Another program on that pid: ask postfix.
    if (comm === null) return true;
    if (comm.trim() !== 'master') return false;
    process.kill(pid, 'SIGHUP');
    return true;
  }
}
