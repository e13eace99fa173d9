import { mkdtempSync, chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, Stack, StackOptions } from './stack';
import { NginxPhp, startNginxPhp } from './nginx-php';
import { PdnsInstance, startPdns } from './pdns';
import { MailInstance, startMail } from './mail';
import { testMariaDb } from './mariadb';

export interface FullStack extends Stack {
  web: NginxPhp;
  pdns: PdnsInstance;
  maild: MailInstance;
}

/**
 * A stack with every resource module on: private nginx + php-fpm, PowerDNS, Postfix +
 * Dovecot, and customer databases in the suite's MariaDB.
 */
export async function startFullStack(opts: StackOptions = {}): Promise<FullStack> {
  const root = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'full-'));
  chmodSync(root, 0o755);
  for (const d of ['web', 'pdns']) mkdirSync(join(root, d), { mode: 0o755 });
  // Each part started is stopped again if a later one fails: a failed start leaves nothing running.
  const started: Array<{ stop(): Promise<void> }> = [];
  const start = async <T extends { stop(): Promise<void> }>(part: Promise<T>): Promise<T> => {
    const p = await part;
    started.unshift(p);
    return p;
  };
  try {
    const web = await start(startNginxPhp(join(root, 'web')));
    const pdns = await start(startPdns({ root: join(root, 'pdns') }));
    const maild = await start(startMail());
    const maria = testMariaDb();
    const stack = await startStack({
      ...opts,
      agent: {
        web: web.web,
        dns: pdns.dns,
        mail: maild.mail,
        databases: { socketPath: maria.socketPath, clientHosts: ['localhost', '127.0.0.1'] },
        ...opts.agent,
      },
    });
    return {
      ...stack,
      web, pdns, maild,
      async stop() {
        await stack.stop();
        await Promise.allSettled([web.stop(), pdns.stop(), maild.stop()]);
      },
    };
  } catch (e) {
    for (const p of started) await p.stop().catch(() => undefined);
    throw e;
  }
}
