import type { Command } from '../context';
import { migrate } from './migrate';
import { token } from './token';
import { license } from './license';
import { doctor } from './doctor';
import { dnsSchema } from './dns-schema';
import { status } from './status';

/** Every hearthctl subcommand. Modules add theirs here. */
export const COMMANDS: Record<string, { run: Command; help: string }> = {
  migrate: { run: migrate, help: 'migrate [--down]            apply the panel database migrations' },
  token: { run: token, help: 'token create|list|revoke     manage API tokens' },
  doctor: { run: doctor, help: 'doctor [--repair]            compare the panel database with the host' },
  'dns-schema': { run: dnsSchema, help: 'dns-schema                   create the PowerDNS schema when missing' },
  status: { run: status, help: 'status                       what runs, readiness of every daemon, license; exit 1 when down' },
  license: { run: license, help: 'license verify FILE          check a license file' },
};
