import type { AccountSpec, Step } from '../operations/step';
import type { TlsNeeds } from './tls-parts';

/*
 * The TLS module's part of the account lifecycle. Issuance itself never runs inside an
 * operation: the create only plans it (the 201 does not wait for a CA), and the manager
 * obtains the certificate in the background. Suspend leaves certificates alone.
 */

/** Create, last step: plan the first certificate; undo forgets it and removes what it installed. */
export const tlsRequestStep: Step<AccountSpec, TlsNeeds> = {
  name: 'tls_request',
  async apply(spec, ctx) {
    // Without the web module no vhost would answer the CA's HTTP-01 challenge.
    if (!ctx.parts.web.config.enabled) return;
    await ctx.parts.tls?.register(spec);
  },
  async undo(spec, ctx) {
    const tls = ctx.parts.tls;
    if (!tls) return;
    // Only a certificate this account got is removed: a directory that was there before stays.
    const had = await tls.status(spec);
    await tls.forget(spec);
    if (had?.source) await tls.removeCertificate(spec);
  },
};

/** Delete, before the vhost goes: no attempt may install anything for the domain after this. */
export const tlsStopStep: Step<AccountSpec, TlsNeeds> = {
  name: 'tls_stop',
  async apply(spec, ctx) {
    await ctx.parts.tls?.forget(spec);
  },
  async undo() {
    // Nothing to undo: delete only goes forward.
  },
};

/** Delete, after nginx no longer refers to it: {liveRoot}/{domain}/ is removed. */
export const tlsRemoveCertificateStep: Step<AccountSpec, TlsNeeds> = {
  name: 'tls_remove_certificate',
  async apply(spec, ctx) {
    await ctx.parts.tls?.removeCertificate(spec);
  },
  async undo() {
    // Nothing to undo: delete only goes forward.
  },
};
