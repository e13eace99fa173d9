import { existsSync } from 'node:fs';
import { loadConfig, parseConfig, LOOPBACK_HOST_PATTERN } from '@hearth/shared';

/**
 * What `hearthctl status` probes beyond what api.json and agent.json say:
 * /etc/hearth/status.json (HEARTH_STATUS_CONFIG), written by quickstart with the ports it
 * used. Absent: Debian's standard loopback ports and Hearth's standard units/pid files.
 */
export interface StatusConfig {
  /** The API's base URL for /readyz; '' = derived from api.json's listen section. */
  apiUrl: string;
  /** systemd units to report when systemd runs, else pid files (name → file). */
  units: string[];
  pidFiles: Record<string, string>;
  /** host:port of each daemon probe ('' = not part of this installation). */
  powerdns: string;
  postfix: string;
  dovecot: string;
  ftp: string;
  webdisk: string;
  timeoutMs: number;
}

const ADDRESS = { type: 'string', pattern: `^(|(${LOOPBACK_HOST_PATTERN.slice(1, -1)}|\\[::1\\]):[0-9]{1,5})$` };

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    apiUrl: { type: 'string', pattern: '^(|https?://[A-Za-z0-9.:\\[\\]-]+)$', default: '' },
    units: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9@._-]+$' }, default: ['hearth-agent', 'hearth-api', 'hearth-ftpd', 'hearth-webdisk'] },
    pidFiles: {
      type: 'object', additionalProperties: { type: 'string', pattern: '^/' },
      default: { 'hearth-agent': '/run/hearth/agent.pid', 'hearth-api': '/run/hearth/api.pid', 'hearth-ftpd': '/run/hearth/pure-ftpd.pid', 'hearth-webdisk': '/run/hearth/webdisk.pid' },
    },
    powerdns: { ...ADDRESS, default: '127.0.0.1:53' },
    postfix: { ...ADDRESS, default: '127.0.0.1:25' },
    dovecot: { ...ADDRESS, default: '127.0.0.1:143' },
    ftp: { ...ADDRESS, default: '127.0.0.1:21' },
    webdisk: { ...ADDRESS, default: '127.0.0.1:2078' },
    timeoutMs: { type: 'integer', minimum: 100, maximum: 30000, default: 2000 },
  },
};

export function loadStatusConfig(file: string): StatusConfig {
  if (!existsSync(file)) return parseConfig<StatusConfig>({}, schema, {}, 'status defaults') as StatusConfig;
  return loadConfig<StatusConfig>(file, schema, {}) as StatusConfig;
}
