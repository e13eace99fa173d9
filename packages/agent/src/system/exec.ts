import { execFile } from 'node:child_process';

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface ExecOptions {
  input?: string;
  /** Exit codes that are not errors (e.g. pkill's 1 = "no process matched"). */
  okCodes?: number[];
  timeoutMs?: number;
}

/** Runs a program with an argument array. Never a shell: there is no string to inject into. */
export type Exec = (file: string, args: readonly string[], opts?: ExecOptions) => Promise<ExecResult>;

export class ExecError extends Error {
  constructor(readonly file: string, readonly args: readonly string[], readonly result: ExecResult) {
    super(`${file} exited with ${result.code}: ${result.stderr.trim().slice(0, 500)}`);
  }
}

export const execArgv: Exec = (file, args, opts = {}) =>
  new Promise((resolve, reject) => {
    const child = execFile(
      file,
      [...args],
      { shell: false, timeout: opts.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024, env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' } },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as NodeJS.ErrnoException).code === 'number' ? Number((err as NodeJS.ErrnoException).code) : (err as { code?: unknown }).code === undefined ? 1 : -1) : 0;
        const result = { stdout: String(stdout), stderr: String(stderr), code };
        if (err && !(opts.okCodes ?? []).includes(code)) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new ExecError(file, args, { ...result, stderr: `${file}: not found` }));
          return reject(new ExecError(file, args, result));
        }
        resolve(result);
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
