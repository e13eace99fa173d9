import { execFile } from 'node:child_process';
import { Socket } from 'node:net';
import { recordSecret } from './secrets';

/**
 * Clients that check mail the way a user would see it: an SMTP conversation that
 * reports the server's reply code to each command, and IMAP through curl.
 */
export interface SmtpResult {
  /** Reply code to RCPT TO (e.g. 250, 450, 550, 554). */
  rcptCode: number;
  rcptText: string;
  /** Reply code to the end of DATA when the recipient was accepted, else 0. */
  dataCode: number;
}

export function sendMail(port: number, to: string, subject: string, from = 'sender@outside.example.net'): Promise<SmtpResult> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let buffer = '';
    const replies: { code: number; text: string }[] = [];
    let waiting: ((r: { code: number; text: string }) => void) | null = null;
    const next = (): Promise<{ code: number; text: string }> =>
      new Promise((r) => {
        const queued = replies.shift();
        if (queued) r(queued);
        else waiting = r;
      });
    socket.setTimeout(20_000, () => socket.destroy(new Error('SMTP timeout')));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let index: number;
      while ((index = buffer.indexOf('\r\n')) !== -1) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (/^\d{3} /.test(line)) {
          const reply = { code: Number(line.slice(0, 3)), text: line };
          if (waiting) {
            const w = waiting;
            waiting = null;
            w(reply);
          } else replies.push(reply);
        }
      }
    });
    const say = async (command: string): Promise<{ code: number; text: string }> => {
      socket.write(`${command}\r\n`);
      return next();
    };
    socket.connect(port, '127.0.0.1', async () => {
      try {
        await next();
        await say('EHLO client.hearth.test');
        await say(`MAIL FROM:<${from}>`);
        const rcpt = await say(`RCPT TO:<${to}>`);
        let dataCode = 0;
        if (rcpt.code === 250) {
          await say('DATA');
          const message = [`From: <${from}>`, `To: <${to}>`, `Subject: ${subject}`, `Message-ID: <${Date.now()}.${Math.random()}@outside.example.net>`, '', 'Hello from the Hearth tests.', '.'].join('\r\n');
          dataCode = (await say(message)).code;
        }
        await say('QUIT');
        socket.end();
        resolve({ rcptCode: rcpt.code, rcptText: rcpt.text, dataCode });
      } catch (e) {
        socket.destroy();
        reject(e);
      }
    });
  });
}

export interface ImapResult {
  /** curl's exit code: 0 ok, 67 login denied. */
  code: number;
  stdout: string;
  stderr: string;
}

function curl(args: string[]): Promise<ImapResult> {
  return new Promise((resolve) => {
    execFile('curl', ['--silent', '--show-error', '--max-time', '20', ...args], (err, stdout, stderr) => {
      const code = err ? Number((err as { code?: unknown }).code ?? 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Logs in over IMAP and searches INBOX for a subject; the result lists matching UIDs. */
export function imapSearch(port: number, user: string, password: string, subject: string): Promise<ImapResult> {
  recordSecret(password);
  return curl(['--user', `${user}:${password}`, '--request', `SEARCH SUBJECT "${subject}"`, `imap://127.0.0.1:${port}/INBOX`]);
}

/** True when INBOX holds a message with this subject (login must succeed). */
export async function imapHasSubject(port: number, user: string, password: string, subject: string): Promise<boolean> {
  const r = await imapSearch(port, user, password, subject);
  if (r.code !== 0) throw new Error(`IMAP login/search failed for ${user}: curl ${r.code} ${r.stderr.trim()}`);
  return /^\* SEARCH \d+/m.test(r.stdout);
}

/** Waits until a delivered message shows up over IMAP (delivery is asynchronous). */
export async function waitForMessage(port: number, user: string, password: string, subject: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await imapHasSubject(port, user, password, subject)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no message "${subject}" for ${user} within ${timeoutMs} ms`);
}

/**
 * Waits until an IMAP login succeeds (`expected` true) or is refused (false). Dovecot's
 * passwd-file driver re-checks its files at most once a second, so a change to the users
 * or suspended-domains file takes effect within about a second, not instantly.
 */
export async function waitForLogin(port: number, user: string, password: string, expected: boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: ImapResult | null = null;
  while (Date.now() < until) {
    last = await imapSearch(port, user, password, 'none');
    if ((last.code === 0) === expected) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`IMAP login for ${user} still ${expected ? 'refused' : 'accepted'} after ${timeoutMs} ms: curl ${last?.code} ${last?.stderr.trim()}`);
}
