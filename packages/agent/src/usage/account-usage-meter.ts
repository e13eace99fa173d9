import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { checkRef } from '../operations/request-checks';
import { requireAccountDomain } from '../operations/account-ownership';
import { homeOf } from '../users/managed-user';
import { accountWebPaths } from '../web/web-paths';
import type { StepContext } from '../operations/step';
import type { WebParts } from '../web/web-parts';
import type { MailParts } from '../mail/mail-parts';
import type { DatabasesParts } from '../databases/databases-parts';

type UsageContext = StepContext<WebParts & MailParts & DatabasesParts>;
import { accessLogBytes, monthOf } from './access-log-bytes';

export interface AccountUsageMsg {
  home_bytes: string;
  mail_bytes: string;
  database_bytes: string;
  database_count: number;
  bandwidth_bytes: string;
  bandwidth_month: string;
  measured_at: string;
}

/** How many accounts are measured at once: du and log reads are disk-bound; two keep the host responsive. */
const PARALLEL = 2;

/**
 * Disk and traffic of accounts, measured on demand and cached: a measurement younger than
 * the caller's max age is answered from memory, so asking for 1,000 accounts costs at most
 * one `du` of each home per max age, whatever the request rate. A measurement already
 * under way is shared; at most PARALLEL run at a time.
 */
export class AccountUsageMeter {
  private readonly cache = new Map<string, { usage: AccountUsageMsg; at: number }>();
  private readonly running = new Map<string, Promise<AccountUsageMsg>>();
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly ctx: UsageContext, private readonly defaultMaxAgeSeconds = 300) {}

  async usage(req: { username: string; domain: string; max_age_seconds: number }): Promise<AccountUsageMsg> {
    const { username, domain } = checkRef(req.username, req.domain);
    await requireAccountDomain(this.ctx, username, domain);
    const maxAgeMs = (req.max_age_seconds || this.defaultMaxAgeSeconds) * 1000;
    const cached = this.cache.get(username);
    if (cached && cached.usage.measured_at && Date.now() - cached.at <= maxAgeMs && cached.usage.bandwidth_month === monthOf(new Date())) return cached.usage;
    const running = this.running.get(username);
    if (running) return running;
    const measuring = this.limited(() => this.measure(username, domain)).finally(() => this.running.delete(username));
    this.running.set(username, measuring);
    return measuring;
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= PARALLEL) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  private async measure(username: string, domain: string): Promise<AccountUsageMsg> {
    const started = new Date();
    const month = monthOf(started);
    const { web, mail, databases } = this.ctx.parts;
    const [home, mailBytes, dbs, bandwidth] = await Promise.all([
      this.du(homeOf(this.ctx.config, username)),
      mail ? this.du(join(mail.config.maildirRoot, domain)) : Promise.resolve(0),
      databases ? databases.listDatabases(username) : Promise.resolve([]),
      web.config.enabled
        ? (() => {
          const { accessLog } = accountWebPaths(web.config, this.ctx.config.homeRoot, { username, domain });
          return accessLogBytes([accessLog, `${accessLog}.1`], month);
        })()
        : Promise.resolve(0),
    ]);
    const usage: AccountUsageMsg = {
      home_bytes: String(home),
      mail_bytes: String(mailBytes),
      database_bytes: String(dbs.reduce((sum, d) => sum + d.sizeBytes, 0)),
      database_count: dbs.length,
      bandwidth_bytes: String(bandwidth),
      bandwidth_month: month,
      measured_at: started.toISOString(),
    };
    this.cache.set(username, { usage, at: started.getTime() });
    return usage;
  }

  /**
   * Bytes allocated under a directory (`du -s -B1 -x`: one filesystem, symlinks not
   * followed — a customer's link never makes root count, or walk, somewhere else). A missing
   * directory is 0.
   */
  private async du(dir: string): Promise<number> {
    if (!(await fs.lstat(dir).catch(() => null))?.isDirectory()) return 0;
    const out = await this.ctx.parts.exec('du', ['-s', '-B1', '-x', '-P', '--', dir], { timeoutMs: 120_000, okCodes: [1] });
    // Exit 1: a file vanished during the walk (the customer is writing); the total still stands.
    const bytes = Number(/^(\d+)\s/.exec(out.stdout)?.[1] ?? NaN);
    if (!Number.isSafeInteger(bytes)) throw new Error(`du of ${dir} answered no total`);
    return bytes;
  }
}
