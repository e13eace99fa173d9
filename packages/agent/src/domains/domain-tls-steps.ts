import type { AccountSpec, Step } from '../operations/step';
import { tlsRemoveCertificateStep, tlsRequestStep, tlsStopStep } from '../tls/tls-steps';
import type { DomainParts, DomainSpec } from './domain-spec';

/**
 * The TLS module's account steps for one added domain: they only read the username and
 * the domain (the certificate is per name), so the domain is handed over as the spec's.
 * Issuance itself stays in the background (the add answers before the CA is asked).
 */
function forDomain(step: Step<AccountSpec, DomainParts>, name: string): Step<DomainSpec, DomainParts> {
  const asAccount = (spec: DomainSpec): AccountSpec => ({
    username: spec.username, domain: spec.entry.domain, limits: { phpVersion: '8.2', phpWorkers: 0, phpMemoryMb: 0, diskQuotaMb: 0 },
  });
  return {
    name,
    apply: (spec, ctx) => step.apply(asAccount(spec), ctx),
    undo: (spec, ctx) => step.undo(asAccount(spec), ctx),
  };
}

/** Add, last step: plan the certificate for the new name (and its www). */
export const domainTlsRequestStep = forDomain(tlsRequestStep, 'domain_tls_request');
/** Remove, first step: nothing may install for the name any more. */
export const domainTlsStopStep = forDomain(tlsStopStep, 'domain_tls_stop');
/** Remove, after the vhost: the certificate directory goes. */
export const domainTlsRemoveStep = forDomain(tlsRemoveCertificateStep, 'domain_tls_remove_certificate');
