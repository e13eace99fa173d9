import { ExecError, type Exec } from '../system/exec';
import { agentMetrics } from '../metrics/agent-metrics';

/**
 * `postfix reload`, coalesced. Postfix daemons notice a changed hash map only after the
 * request they are serving, so an idle smtpd would answer its next client from the old
 * map (a suspended domain still accepting mail, a deleted mailbox still "250 OK"). A
 * reload makes the master replace its idle processes at once. Callers that arrive while
 * a reload runs share the next one, which starts after their change: one reload serves
 * any number of parallel map edits, and none of them is answered by a reload that began
 * before its edit. A stopped Postfix needs no reload, which is not an error.
 */
export class PostfixReloader {
  private current: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(private readonly postfixPath: string, private readonly configDir: string, private readonly exec: Exec) {}

  reload(): Promise<void> {
    if (this.next) return this.next;
    if (!this.current) return this.start();
    const after = this.current.catch(() => undefined).then(() => {
      this.next = null;
      return this.start();
    });
    this.next = after;
    return after;
  }

  private start(): Promise<void> {
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
    try {
      await this.exec(this.postfixPath, ['-c', this.configDir, 'reload']);
    } catch (e) {
      if (e instanceof ExecError && /not running/i.test(e.result.stderr + e.result.stdout)) return;
      throw e;
    }
  }
}
