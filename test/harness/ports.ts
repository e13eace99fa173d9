import net from 'node:net';
import type { ChildProcess } from 'node:child_process';

/** A free TCP port on loopback (bind to 0, read it, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Thrown by a waitFor probe when waiting longer cannot help (the daemon exited): ends the wait at once. */
export class GiveUp extends Error {}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < until) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      if (e instanceof GiveUp) throw e;
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` now. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new net.Socket();
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    try {
      s.connect(port, '127.0.0.1');
    } catch {
      resolve(false); // a port no socket can have: wait for the daemon to say so and exit
    }
  });
}

/**
 * The one "start a daemon and wait for its port" wait of the harness: resolves once `child`
 * accepts connections on 127.0.0.1:`port`, gives up at once if it exits, and puts the
 * daemon's log in the error either way.
 */
export async function waitForListening(
  name: string, child: ChildProcess, port: number, log: () => string | Promise<string>, timeoutMs = 15_000,
): Promise<void> {
  const readLog = async (): Promise<string> => { try { return await log(); } catch { return ''; } };
  try {
    await waitFor(`${name} to listen on ${port}`, async () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new GiveUp(`${name} exited with ${child.exitCode ?? child.signalCode}`);
      return portOpen(port);
    }, timeoutMs);
  } catch (e) {
    throw new Error(`${(e as Error).message}:\n${await readLog()}`);
  }
}
