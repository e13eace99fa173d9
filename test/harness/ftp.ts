import { spawn, ChildProcess, execFileSync } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { freePort, waitForListening } from './ports';

/** A private pure-ftpd on loopback reading the PureDB the agent compiles. */
export interface FtpInstance {
  port: number;
  /** The agent's `ftp` section for this instance. */
  ftp: { enabled: true; passwdFile: string; pdbFile: string; purePwPath: string; publicPort: number };
  stop(): Promise<void>;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function passiveRange(): Promise<[number, number]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const lo = 40000 + Math.floor(Math.random() * 20000);
    const ports = Array.from({ length: 8 }, (_, i) => lo + i);
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return [lo, lo + 7];
  }
  throw new Error('no free passive port range');
}

/**
 * pure-ftpd in the foreground with virtual users only (-l puredb), everyone chrooted (-A),
 * no anonymous logins (-E), control and passive ports on 127.0.0.1 only, uid >= 1000.
 */
export async function startFtp(root: string): Promise<FtpInstance> {
  mkdirSync(root, { recursive: true, mode: 0o755 });
  const passwdFile = join(root, 'pureftpd.passwd');
  const pdbFile = join(root, 'pureftpd.pdb');
  writeFileSync(passwdFile, '', { mode: 0o600 });
  execFileSync('pure-pw', ['mkdb', pdbFile, '-f', passwdFile]);
  const port = await freePort();
  const [lo, hi] = await passiveRange();
  const log = openSync(join(root, 'pure-ftpd.log'), 'a');
  const proc: ChildProcess = spawn('pure-ftpd', [
    '-l', `puredb:${pdbFile}`, '-S', `127.0.0.1,${port}`, '-p', `${lo}:${hi}`, '-P', '127.0.0.1',
    '-E', '-A', '-H', '-4', '-u', '1000', '-g', join(root, 'pure-ftpd.pid'),
  ], { stdio: ['ignore', log, log] });
  const started = waitForListening('pure-ftpd', proc, port, () => readFileSync(join(root, 'pure-ftpd.log'), 'utf8'));
  await started.catch((e) => {
    proc.kill('SIGKILL');
    throw e;
  });
  return {
    port,
    ftp: { enabled: true, passwdFile, pdbFile, purePwPath: '/usr/bin/pure-pw', publicPort: port },
    async stop() {
      if (proc.exitCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}
