import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@hearth/shared';
import { ForkedWorker } from '../system/forked-worker';
import { AcmeIssuer, IssuedCertificate } from './acme-issuer';
import type { TlsSettings } from './tls-config';

/** One order as the ACME worker receives it: the names and everything AcmeIssuer is made of. */
export interface AcmeOrder {
  names: string[];
  settings: TlsSettings;
  stateDir: string;
  challengeDir: string;
  logLevel: string;
}

export type AcmeAnswer = { certificate: IssuedCertificate } | { error: string };

/** What TlsManager orders certificates through. */
export interface CertificateIssuer {
  issue(names: string[]): Promise<IssuedCertificate>;
  close(): void;
}

/**
 * How long the ACME worker outlives its last order. Renewals and signups come in bursts; in
 * between, the agent holds none of acme-client's memory.
 */
const IDLE_MS = 60_000;

/**
 * Orders certificates through the ACME worker (acme-worker-main.ts), a child process that
 * loads acme-client (with axios, node-forge and the @peculiar ASN.1 libraries: about 28 MB
 * of resident memory) and talks to the CA, so the root agent neither holds that code nor
 * parses the CA's answers in its own process. It starts on the first order and ends a
 * minute after the last; a worker that dies fails the orders in flight, which TlsManager
 * retries like any failed order.
 */
export class ForkedAcmeIssuer implements CertificateIssuer {
  private readonly worker: ForkedWorker<AcmeOrder, AcmeAnswer>;

  constructor(
    script: string,
    private readonly base: Omit<AcmeOrder, 'names'>,
    log: Logger,
  ) {
    this.worker = new ForkedWorker({ script, execArgv: ['--max-old-space-size=64', '--max-semi-space-size=2'], name: 'the ACME worker', idleMs: IDLE_MS }, log);
  }

  async issue(names: string[]): Promise<IssuedCertificate> {
    const answer = await this.worker.request({ ...this.base, names });
    if ('error' in answer) throw new Error(answer.error);
    return answer.certificate;
  }

  close(): void {
    this.worker.close();
  }
}

/** The worker when it is built (dist); acme-client in the agent's own process otherwise (sources under jest). */
export function createCertificateIssuer(settings: TlsSettings, stateDir: string, challengeDir: string, log: Logger): CertificateIssuer {
  const script = join(__dirname, 'acme-worker-main.js');
  if (!existsSync(script)) {
    const issuer = new AcmeIssuer(settings, stateDir, challengeDir, log);
    return { issue: (names) => issuer.issue(names), close: () => undefined };
  }
  return new ForkedAcmeIssuer(script, { settings, stateDir, challengeDir, logLevel: log.level }, log);
}
