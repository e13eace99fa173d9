import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPhpPool } from '../packages/agent/src/web/render-php-pool';
import { readProcStat } from './proc-stat';
import { waitFor } from '../test/harness/ports';

/*
 * What one PHP-FPM re-execution (SIGUSR2, the reload that adds or removes a pool) costs the
 * master in CPU, by the number of pools it holds and the length of their files. Each pool
 * file is the agent's own (renderPhpPool) for a home under /home, padded with a comment of
 * `--pad` bytes when asked: the difference between two pads is the cost of the bytes alone.
 * The master runs in the foreground (daemonize = no), so a re-execution keeps its pid and
 * /proc/PID/stat adds up the CPU of every one.
 */

const USAGE = 'usage: npm run bench:php-reload -- [--pools 1,16,64] [--pads 0,400] [--reloads 20] [--php 8.2]';
const NOBODY = 65534;
const CLOCK_TICKS_MS = 10; // USER_HZ is 100 on Linux

interface Options { pools: number[]; pads: number[]; reloads: number; php: string }

function parse(argv: string[]): Options {
  const o: Options = { pools: [1, 16, 64], pads: [0, 400], reloads: 20, php: '8.2' };
  const list = (v: string | undefined) => {
    const xs = (v ?? '').split(',').map(Number);
    if (xs.length === 0 || xs.some((x) => !Number.isInteger(x) || x < 0)) throw new Error(`bad list ${v}\n${USAGE}`);
    return xs;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--pools') o.pools = list(argv[++i]).map((n) => Math.max(1, n));
    else if (a === '--pads') o.pads = list(argv[++i]);
    else if (a === '--reloads') o.reloads = Math.max(1, list(argv[++i])[0]);
    else if (a === '--php' && /^\d+\.\d+$/.test(argv[i + 1] ?? '')) o.php = argv[++i];
    else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  return o;
}

/** A master's directory with `pools` of the agent's pool files (homes and sockets inside `dir`). */
function writeMaster(dir: string, pools: number, pad: number): { conf: string; pid: string; sockets: string[]; bytes: number } {
  mkdirSync(join(dir, 'pool.d'));
  const sockets: string[] = [];
  let bytes = 0;
  for (let i = 0; i < pools; i++) {
    const username = `bench${String(i).padStart(4, '0')}`;
    const home = join(dir, username); // /tmp/hpr-XXXXXX/benchNNNN: near /home/{user}'s length
    mkdirSync(join(home, 'tmp'), { recursive: true });
    const socket = join(dir, `hearth-${username}.sock`);
    const text = renderPhpPool({ username, uid: NOBODY, gid: NOBODY, home, socket, webUid: NOBODY, webGid: NOBODY, workers: 5, memoryMb: 256 })
      + (pad > 0 ? `;${'x'.repeat(pad - 2)}\n` : '');
    writeFileSync(join(dir, 'pool.d', `${username}.conf`), text);
    sockets.push(socket);
    bytes = text.length;
  }
  const pid = join(dir, 'php-fpm.pid');
  const conf = join(dir, 'php-fpm.conf');
  writeFileSync(conf, ['[global]', `pid = ${pid}`, `error_log = ${join(dir, 'php-fpm.log')}`, 'daemonize = no', `include = ${join(dir, 'pool.d')}/*.conf`, ''].join('\n'));
  return { conf, pid, sockets, bytes };
}

function cpuMs(pid: number): number {
  const stat = readProcStat(pid);
  if (!stat) throw new Error(`php-fpm ${pid} is gone`);
  return (Number(stat.fields[11]) + Number(stat.fields[12])) * CLOCK_TICKS_MS;
}

async function measure(o: Options, pools: number, pad: number): Promise<{ bytes: number; msPerReload: number }> {
  const dir = mkdtempSync('/tmp/hpr-');
  let master: ChildProcess | null = null;
  try {
    const m = writeMaster(dir, pools, pad);
    master = spawn(`php-fpm${o.php}`, ['-y', m.conf], { stdio: 'ignore' });
    const ready = async (after: number) => existsSync(m.pid) && statSync(m.pid).mtimeMs > after && m.sockets.every((s) => existsSync(s));
    await waitFor('php-fpm to start', () => ready(0));
    const pid = master.pid!;
    const before = cpuMs(pid);
    for (let r = 0; r < o.reloads; r++) {
      const stamp = statSync(m.pid).mtimeMs;
      process.kill(pid, 'SIGUSR2');
      await waitFor('php-fpm to re-execute', () => ready(stamp));
    }
    return { bytes: m.bytes, msPerReload: (cpuMs(pid) - before) / o.reloads };
  } finally {
    if (master?.pid && master.exitCode === null) {
      const exited = new Promise((r) => master!.once('exit', r));
      master.kill('SIGQUIT');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(argv: string[]): Promise<number> {
  const o = parse(argv);
  if (process.getuid?.() !== 0) throw new Error('PHP-FPM starts pools as another user only as root: run it as root');
  console.log(`PHP-FPM ${o.php}: master CPU per re-execution (SIGUSR2), ${o.reloads} re-executions each`);
  console.log('pools  bytes/pool file  CPU ms per re-execution');
  for (const pad of o.pads) {
    for (const pools of o.pools) {
      const r = await measure(o, pools, pad);
      console.log(`${String(pools).padStart(5)}  ${String(r.bytes).padStart(15)}  ${r.msPerReload.toFixed(1).padStart(23)}`);
    }
  }
  return 0;
}
