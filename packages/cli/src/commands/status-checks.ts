import { existsSync } from 'node:fs';
import type { ApiConfig, AppDeps } from '@hearth/api';
import { AgentConfig, dnsSettings, ftpSettings, resolveWebConfig, webdiskSettings, withShard } from '@hearth/agent';
import type { StatusConfig } from './status-config';
import { dnsAnswers, httpOk, pidAlive, ProbeResult, tcpBanner, tlsHandshake, unitActive, withTimeout } from './status-probes';

/** One line of `hearthctl status`: a named check, or "off" when not part of this installation. */
export interface Check {
  name: string;
  run: (() => Promise<ProbeResult>) | null;
  /** Why the check is off. */
  off?: string;
}

export interface CheckResult extends ProbeResult {
  name: string;
  state: 'up' | 'down' | 'off';
  ms: number;
}

export async function runChecks(checks: Check[], timeoutMs: number): Promise<CheckResult[]> {
  return Promise.all(checks.map(async (c): Promise<CheckResult> => {
    if (!c.run) return { name: c.name, state: 'off', up: true, detail: c.off ?? 'not configured', ms: 0 };
    const started = Date.now();
    const r = await withTimeout(c.run(), timeoutMs, c.name);
    return { name: c.name, state: r.up ? 'up' : 'down', ...r, ms: Date.now() - started };
  }));
}

function apiUrl(api: ApiConfig, status: StatusConfig): string {
  if (status.apiUrl) return status.apiUrl;
  const host = ['0.0.0.0', '::', ''].includes(api.listen.host) ? '127.0.0.1' : api.listen.host;
  return `${api.listen.plainHttp ? 'http' : 'https'}://${host.includes(':') ? `[${host}]` : host}:${api.listen.port}`;
}

/** What runs: systemd units when systemd is PID 1, else the pid files quickstart writes. */
export function processChecks(status: StatusConfig): Check[] {
  if (existsSync('/run/systemd/system')) {
    return status.units.map((unit) => ({ name: unit, run: () => unitActive(unit) }));
  }
  return Object.entries(status.pidFiles).map(([name, file]) => ({ name, run: async () => pidAlive(file) }));
}

/** Readiness of the panel and of every daemon it drives, as this installation configures them. */
export function readinessChecks(api: ApiConfig, agent: AgentConfig, status: StatusConfig, deps: AppDeps): Check[] {
  const t = status.timeoutMs;
  const web = resolveWebConfig(agent.web);
  const dns = dnsSettings(agent);
  const mailOn = agent.mail?.enabled === true;
  const off = (name: string, why: string): Check => ({ name, run: null, off: why });
  const probe = (name: string, on: boolean, address: string, run: (a: string) => Promise<ProbeResult>, why: string): Check =>
    on && address ? { name, run: () => run(address) } : off(name, on ? 'no address in status.json' : why);
  const checks: Check[] = [
    { name: 'API', run: () => httpOk(`${apiUrl(api, status)}/readyz`, t) },
    { name: 'agent', run: async () => ((await deps.accountAgent.health()) ? { up: true, detail: 'SERVING' } : { up: false, detail: 'NOT_SERVING' }) },
    { name: 'MariaDB', run: async () => { await deps.db.raw('SELECT 1'); return { up: true, detail: `panel database ${api.database.database}` }; } },
  ];
  if (web.enabled) {
    checks.push({ name: 'nginx', run: async () => pidAlive(web.nginx.pidFile) });
    // One check per master: web.php.shards masters per version share the pools.
    for (const v of web.php.versions) {
      for (let s = 0; s < web.php.shards; s++) {
        const name = web.php.shards > 1 ? `PHP-FPM ${v} #${s}` : `PHP-FPM ${v}`;
        checks.push({ name, run: async () => pidAlive(withShard(web.php.pidFilePattern, v, s)) });
      }
    }
  } else {
    checks.push(off('nginx', 'web module off'), off('PHP-FPM', 'web module off'));
  }
  checks.push(
    probe('PowerDNS', dns.enabled, status.powerdns, (a) => dnsAnswers(a, t), 'dns module off'),
    probe('Postfix', mailOn, status.postfix, (a) => tcpBanner(a, '220', t), 'mail module off'),
    probe('Dovecot', mailOn, status.dovecot, (a) => tcpBanner(a, '* OK', t), 'mail module off'),
    probe('FTP', ftpSettings(agent).enabled, status.ftp, (a) => tcpBanner(a, '220', t), 'FTP off'),
    probe('Web Disk', webdiskSettings(agent).enabled, status.webdisk, (a) => tlsHandshake(a, t), 'Web Disk off'),
  );
  return checks;
}
