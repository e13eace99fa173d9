import { parseArgs } from 'node:util';
import { createLogger } from '@hearth/shared';
import { composeApi, closeApi } from '@hearth/api';
import type { Command } from '../context';

/**
 * hearthctl doctor [--repair]: compares the panel database with the host (through the
 * agent) and lists every orphan and missing piece; non-zero exit when anything is off.
 * With --repair it fixes what it listed and checks again.
 */
export const doctor: Command = async (args, ctx) => {
  const { values } = parseArgs({ args, options: { repair: { type: 'boolean', default: false } } });
  const deps = composeApi(ctx.apiConfig(), createLogger('hearthctl', 'silent'));
  try {
    const service = deps.doctor;
    let findings = await service.check();
    for (const f of findings) ctx.out(`${f.kind}\t${f.subject}\t${f.detail}`);
    if (findings.length && values.repair) {
      const { fixed, failed } = await service.repair(findings);
      ctx.out(`repaired ${fixed}, failed ${failed.length}`);
      for (const f of failed) ctx.out(`failed\t${f.finding.subject}\t${f.error}`);
      findings = await service.check();
      for (const f of findings) ctx.out(`still\t${f.kind}\t${f.subject}\t${f.detail}`);
    }
    ctx.out(findings.length ? `${findings.length} problem(s)` : 'clean: panel database and host agree');
    return findings.length ? 1 : 0;
  } finally {
    await closeApi(deps);
  }
};
