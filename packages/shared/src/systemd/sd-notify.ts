import { DgramSocket } from 'node-unix-socket';
import type { Logger } from 'pino';

/**
 * What a long-running Hearth process tells its supervisor. Under systemd (Type=notify)
 * the messages go to $NOTIFY_SOCKET; elsewhere (development, CI, pid-file start-up) every
 * call is a no-op.
 */
export interface ServiceNotifier {
  /** READY=1: call only once the process can serve (socket bound, database reachable...). */
  ready(status?: string): void;
  status(text: string): void;
  stopping(): void;
  /** Starts WATCHDOG=1 pings from the event loop when systemd asked for them (WATCHDOG_USEC). */
  startWatchdog(): void;
  close(): void;
}

/** The watchdog interval asked for by systemd, in ms, or null (absent, or meant for another pid). */
export function watchdogIntervalMs(env: NodeJS.ProcessEnv, pid = process.pid): number | null {
  const usec = Number(env.WATCHDOG_USEC);
  if (!Number.isFinite(usec) || usec <= 0) return null;
  if (env.WATCHDOG_PID && Number(env.WATCHDOG_PID) !== pid) return null;
  // Half the period, as sd_watchdog_enabled(3) recommends.
  return Math.max(50, Math.floor(usec / 2000));
}

/**
 * The sd_notify(3) datagram protocol over a unix SOCK_DGRAM socket. Node has no unix
 * datagram sockets in core; node-unix-socket (napi-rs, prebuilt binaries in the registry
 * package, no compiler at install) provides one. The datagrams come from this very
 * process, so the units keep the default NotifyAccess=main.
 */
export class SdNotifier implements ServiceNotifier {
  private socket: DgramSocket | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly path: string, private readonly watchdogMs: number | null, private readonly log?: Logger) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env, log?: Logger): ServiceNotifier {
    const path = env.NOTIFY_SOCKET;
    if (!path) return new NullNotifier();
    return new SdNotifier(path, watchdogIntervalMs(env), log);
  }

  send(message: string): void {
    try {
      // node-unix-socket cannot address abstract sockets ("@name"); systemd's own
      // $NOTIFY_SOCKET is a path (/run/systemd/notify).
      if (this.path.startsWith('@')) throw new Error('abstract NOTIFY_SOCKET is not supported');
      this.socket ??= new DgramSocket();
      const buf = Buffer.from(message);
      this.socket.sendTo(buf, 0, buf.length, this.path, (err) => {
        if (err) this.log?.warn({ err, message }, 'sd_notify failed');
      });
    } catch (err) {
      this.log?.warn({ err, message }, 'sd_notify failed');
    }
  }

  ready(status?: string): void {
    this.send(status ? `READY=1\nSTATUS=${status}\nMAINPID=${process.pid}` : `READY=1\nMAINPID=${process.pid}`);
  }

  status(text: string): void {
    this.send(`STATUS=${text}`);
  }

  stopping(): void {
    this.send('STOPPING=1');
  }

  startWatchdog(): void {
    if (this.watchdogMs === null || this.timer) return;
    // A timer on the event loop: a stuck loop stops the pings and systemd kills the process.
    this.timer = setInterval(() => this.send('WATCHDOG=1'), this.watchdogMs);
    this.timer.unref();
    this.send('WATCHDOG=1');
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.socket?.close();
    this.socket = null;
  }
}

export class NullNotifier implements ServiceNotifier {
  ready(): void {}
  status(): void {}
  stopping(): void {}
  startWatchdog(): void {}
  close(): void {}
}
