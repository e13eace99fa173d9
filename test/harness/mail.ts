import { spawn, ChildProcess, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { MailConfig } from '../../packages/agent/src/mail/mail-config';
import { freePort, GiveUp, portOpen, waitFor } from './ports';
import { keepLogs } from './log-secrets-check';

const POSTFIX_TEMPLATES = join(__dirname, '..', '..', 'deploy', 'postfix');

/**
 * A private mail system for one test file, every path under its own temp root:
 * Postfix (SMTP on a loopback port, virtual domains from hash maps, delivering by LMTP)
 * and Dovecot (IMAP and LMTP on loopback ports, users from a passwd-file, a deny passdb
 * keyed by domain for suspension). It is configured exactly as deploy/lib/mail.sh
 * configures the system's daemons, so the agent's files mean the same thing in both.
 */
export interface MailInstance {
  root: string;
  smtpPort: number;
  imapPort: number;
  lmtpPort: number;
  /** The agent's `mail` config section pointing at this instance's files. */
  mail: MailConfig;
  vmailUser: string;
  postfixLog(): string;
  dovecotLog(): string;
  /** Stops only Dovecot (IMAP/LMTP down, Postfix still up), as a crashed mail store would. */
  stopDovecot(): Promise<void>;
  stop(): Promise<void>;
}

function run(file: string, args: string[]): string {
  return execFileSync(file, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 }).toString();
}

/** For daemons that fork into the background: they would hold a stdout pipe open forever. */
function runDetached(file: string, args: string[]): void {
  execFileSync(file, args, { stdio: 'ignore', timeout: 120_000 });
}


function dovecotConf(root: string, p: { imap: number; lmtp: number; uid: number; gid: number; users: string; suspended: string }): string {
  return `# Private Dovecot for Hearth's tests (same auth layout as deploy/lib/mail.sh).
base_dir = ${root}/dovecot/run
state_dir = ${root}/dovecot/state
instance_name = hearth-test-${randomBytes(4).toString('hex')}
log_path = ${root}/dovecot/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
protocols = imap lmtp
listen = 127.0.0.1
mail_location = maildir:~
# Mailbox quotas (userdb_quota_rule in the users file, from each mailbox's quota_mb): a
# delivery to a full mailbox is refused (LMTP 552 "Quota exceeded"), so the sender is told.
mail_plugins = $mail_plugins quota
protocol imap {
  mail_plugins = $mail_plugins imap_quota
}
plugin {
  quota = maildir:User quota
  quota_full_tempfail = no
}
first_valid_uid = ${p.uid}
last_valid_uid = ${p.uid}
first_valid_gid = ${p.gid}
last_valid_gid = ${p.gid}
# A suspended domain is listed here: any login at it fails even with the right password.
passdb {
  driver = passwd-file
  args = username_format=%d ${p.suspended}
  deny = yes
}
passdb {
  driver = passwd-file
  args = scheme=SHA512-CRYPT username_format=%u ${p.users}
}
userdb {
  driver = passwd-file
  args = username_format=%u ${p.users}
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${p.imap}
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${p.lmtp}
  }
}
# Tests log in with wrong passwords on purpose; without this anvil's auth penalty would
# delay every later login from 127.0.0.1 by up to 15 s (Dovecot's documented switch).
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service stats {
  unix_listener stats-writer {
    mode = 0600
  }
}
`;
}

export async function startMail(): Promise<MailInstance> {
  const base = process.env.HEARTH_TEST_BASE ?? '/tmp';
  const root = mkdtempSync(join(base, 'mail-'));
  chmodSync(root, 0o755);
  const vmailUser = `htvm${randomBytes(4).toString('hex')}`;
  const pf = join(root, 'postfix');
  const etc = join(pf, 'etc');
  const dc = join(root, 'dovecot');
  const postfixLogFile = join(pf, 'postfix.log');
  let postfix: ChildProcess | null = null;

  const postfixLog = (): string => {
    try {
      return readFileSync(postfixLogFile, 'utf8');
    } catch {
      return '';
    }
  };
  const dovecotLog = (): string => {
    try {
      return readFileSync(join(dc, 'dovecot.log'), 'utf8');
    } catch {
      return '';
    }
  };
  const dovecotPid = (): number | null => {
    try {
      return Number(readFileSync(join(dc, 'run', 'master.pid'), 'utf8').trim());
    } catch {
      return null;
    }
  };

  const stopDovecot = async (): Promise<void> => {
    const pid = dovecotPid();
    if (!pid) return;
    try {
      process.kill(pid, 'SIGTERM');
      await waitFor('dovecot to stop', async () => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      }, 20_000);
    } catch {
      /* already gone */
    }
  };

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const proc = postfix;
    if (proc && proc.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      try {
        run('postfix', ['-c', etc, 'stop']);
      } catch {
        proc.kill('SIGTERM');
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
      clearTimeout(timer);
    }
    await stopDovecot();
    try {
      run('userdel', [vmailUser]);
    } catch {
      /* never created, or already removed */
    }
    keepLogs(root);
    rmSync(root, { recursive: true, force: true });
  };

  try {
    run('useradd', ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', '--comment', 'hearth test vmail', vmailUser]);
    const uid = Number(run('id', ['-u', vmailUser]).trim());
    const gid = Number(run('id', ['-g', vmailUser]).trim());
    const [smtpPort, imapPort, lmtpPort] = [await freePort(), await freePort(), await freePort()];

    for (const d of [pf, join(pf, 'spool'), join(pf, 'data'), dc, join(dc, 'run'), join(dc, 'state'), join(root, 'vdomains')]) mkdirSync(d, { recursive: true });
    // The project's own main.cf/master.cf (deploy/postfix), never the distribution's /etc/postfix.
    mkdirSync(etc, { recursive: true });
    cpSync(join(POSTFIX_TEMPLATES, 'main.cf'), join(etc, 'main.cf'));
    writeFileSync(join(etc, 'master.cf'), `${readFileSync(join(POSTFIX_TEMPLATES, 'master.cf'), 'utf8')}127.0.0.1:${smtpPort} inet n - n - - smtpd\n`);
    chownSync(join(root, 'vdomains'), uid, gid);
    chmodSync(join(root, 'vdomains'), 0o750);

    const mail: MailConfig = {
      enabled: true,
      vmailboxFile: join(pf, 'vmailbox'),
      vdomainsFile: join(pf, 'vdomains'),
      suspendedMapFile: join(pf, 'hearth-suspended'),
      dovecotUsersFile: join(dc, 'users'),
      dovecotSuspendedFile: join(dc, 'hearth-suspended-domains'),
      maildirRoot: join(root, 'vdomains'),
      vmailUser,
      dovecotGroup: 'dovecot',
      postfixPath: '/usr/sbin/postfix',
      postfixConfigDir: etc,
    };
    for (const map of [mail.vmailboxFile, mail.vdomainsFile, mail.suspendedMapFile]) writeFileSync(map, '', { mode: 0o644 });
    writeFileSync(mail.dovecotUsersFile, '', { mode: 0o640 });
    run('chown', ['root:dovecot', mail.dovecotUsersFile]);
    writeFileSync(mail.dovecotSuspendedFile, '', { mode: 0o644 });

    const pc = (...args: string[]): string => run('postconf', ['-c', etc, ...args]);
    pc('-e',
      `queue_directory=${join(pf, 'spool')}`, `data_directory=${join(pf, 'data')}`,
      'inet_interfaces=127.0.0.1', 'myhostname=mx.hearth.test', 'mynetworks=127.0.0.1/32',
      `virtual_mailbox_domains=texthash:${mail.vdomainsFile}`, `virtual_mailbox_maps=texthash:${mail.vmailboxFile}`,
      `virtual_transport=lmtp:inet:127.0.0.1:${lmtpPort}`,
      // No permit_mynetworks: loopback clients are senders from outside in these tests, and a
      // domain Hearth does not host must be refused, not relayed.
      'smtpd_relay_restrictions=reject_unauth_destination',
      `smtpd_recipient_restrictions=check_recipient_access texthash:${mail.suspendedMapFile}`,
      'maillog_file=/dev/stdout',
      'smtpd_tls_security_level=none', 'smtp_tls_security_level=none', 'lmtp_tls_security_level=none',
      'multi_instance_enable=no');
    run('chown', ['-R', 'postfix', join(pf, 'data')]);
    run('postfix', ['-c', etc, 'set-permissions']);

    writeFileSync(join(dc, 'dovecot.conf'), dovecotConf(root, { imap: imapPort, lmtp: lmtpPort, uid, gid, users: mail.dovecotUsersFile, suspended: mail.dovecotSuspendedFile }));
    runDetached('dovecot', ['-c', join(dc, 'dovecot.conf')]);

    const out = openSync(postfixLogFile, 'a');
    const proc = spawn('postfix', ['-c', etc, 'start-fg'], { stdio: ['ignore', out, out] });
    postfix = proc;
    closeSync(out);

    await waitFor('postfix SMTP', async () => {
      if (proc.exitCode !== null) throw new GiveUp(`postfix exited: ${postfixLog().slice(-2000)}`);
      return portOpen(smtpPort);
    }, 20_000);
    await waitFor('dovecot IMAP and LMTP', async () => (await portOpen(imapPort)) && (await portOpen(lmtpPort)), 20_000);
    return { root, smtpPort, imapPort, lmtpPort, mail, vmailUser, postfixLog, dovecotLog, stopDovecot, stop };
  } catch (e) {
    const logs = `${postfixLog().slice(-1500)}\n${dovecotLog().slice(-1500)}`;
    await stop();
    throw new Error(`private mail system did not start: ${(e as Error).message}\n${logs}`);
  }
}
