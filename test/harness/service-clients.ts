import { execFile } from 'node:child_process';
import { recordSecret } from './secrets';

export interface CurlResult {
  code: number;
  status: number;
  stdout: string;
  stderr: string;
}

/** curl with an argument array (no shell); `status` is the HTTP status when -w asked for it. */
export function curl(args: string[]): Promise<CurlResult> {
  return new Promise((resolve) => {
    execFile('curl', ['--silent', '--show-error', '--max-time', '20', ...args], (err, stdout, stderr) => {
      const code = err ? Number((err as { code?: unknown }).code ?? 1) : 0;
      const out = String(stdout);
      const m = /\n?HTTPSTATUS:(\d{3})$/.exec(out);
      resolve({ code, status: m ? Number(m[1]) : 0, stdout: m ? out.slice(0, m.index) : out, stderr: String(stderr) });
    });
  });
}

const ftpUser = (login: string, password: string): string => {
  recordSecret(password);
  return `${encodeURIComponent(login)}:${encodeURIComponent(password)}`;
};

/** Uploads a local file over FTP (passive, loopback); curl exit 0 = stored. */
export function ftpUpload(port: number, login: string, password: string, file: string, remote: string): Promise<CurlResult> {
  return curl(['--path-as-is', '-T', file, `ftp://${ftpUser(login, password)}@127.0.0.1:${port}/${remote}`]);
}

export function ftpList(port: number, login: string, password: string): Promise<CurlResult> {
  return curl([`ftp://${ftpUser(login, password)}@127.0.0.1:${port}/`]);
}

function dav(port: number, caFile: string, login: string, password: string, extra: string[], path: string): Promise<CurlResult> {
  recordSecret(password);
  return curl([
    '--cacert', caFile, '--resolve', `localhost:${port}:127.0.0.1`, '--path-as-is', '--user', `${login}:${password}`,
    '-w', '\nHTTPSTATUS:%{http_code}', ...extra, `https://localhost:${port}${path}`,
  ]);
}

export const davPut = (port: number, caFile: string, login: string, password: string, file: string, path: string): Promise<CurlResult> =>
  dav(port, caFile, login, password, ['-T', file], path);
export const davGet = (port: number, caFile: string, login: string, password: string, path: string): Promise<CurlResult> =>
  dav(port, caFile, login, password, [], path);
export const davPropfind = (port: number, caFile: string, login: string, password: string, path: string): Promise<CurlResult> =>
  dav(port, caFile, login, password, ['-X', 'PROPFIND', '-H', 'Depth: 1'], path);
