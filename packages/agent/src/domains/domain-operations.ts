import { ConflictError, NotFoundError, ValidationError, documentRootProblem, domainProblem, normaliseDomain, proto } from '@hearth/shared';
import type { OperationDef, OperationRunner } from '../operations/operation-runner';
import type { Step } from '../operations/step';
import { checkOperationId, checkRef } from '../operations/request-checks';
import { readAccountRecord } from '../operations/account-record';
import type { AccountDomainEntry, AccountRecordFile } from '../operations/account-record';
import { requireAccountDomain, requireDomainUnclaimed } from '../operations/account-ownership';
import { isLoginLocked } from '../users/login-lock-step';
import type { DomainContext, DomainParts, DomainSpec } from './domain-spec';
import { checkDocumentRoot, documentRootStep } from './document-root-step';
import { domainVhostStep, removeDomainVhostStep, writeDomainVhost } from './domain-vhost-step';
import {
  domainHostRecordStep, domainMailStep, domainZoneStep, removeDomainHostRecordStep, removeDomainMailStep, removeDomainZoneStep,
} from './domain-dns-mail-steps';
import { domainTlsRemoveStep, domainTlsRequestStep, domainTlsStopStep } from './domain-tls-steps';
import { DocumentRootChange, documentRootRecordStep, domainRecordStep, removeDomainRecordStep } from './domain-record-step';

export type AccountDomainMsg = proto.AccountDomain__Output;

/** Record first (the claim), then the document root, the vhost (nginx -t), DNS, mail and the TLS plan. */
export const ADD_DOMAIN: OperationDef<DomainSpec, DomainParts> = {
  kind: 'add_domain',
  recovery: 'rollback',
  steps: [domainRecordStep, documentRootStep, domainVhostStep, domainZoneStep, domainHostRecordStep, domainMailStep, domainTlsRequestStep],
};

/** Rolled forward: TLS stops, the vhost goes (nothing serves the name), then its certificate, DNS, mail; the claim last. */
export const REMOVE_DOMAIN: OperationDef<DomainSpec, DomainParts> = {
  kind: 'remove_domain',
  recovery: 'rollforward',
  steps: [domainTlsStopStep, removeDomainVhostStep, domainTlsRemoveStep, removeDomainMailStep, removeDomainHostRecordStep, removeDomainZoneStep, removeDomainRecordStep],
};

/** The vhosts of the domain and of its aliases, rewritten with the new root (undo: the old one). */
const documentRootVhostsStep: Step<DocumentRootChange, DomainParts> = {
  name: 'domain_vhosts_document_root',
  async apply(change, ctx) {
    for (const entry of [change.entry, ...change.aliases]) await writeDomainVhost({ ...change, entry }, change.entry.documentRoot, ctx);
  },
  async undo(change, ctx) {
    for (const entry of [change.before, ...change.aliases]) await writeDomainVhost({ ...change, entry }, change.before.documentRoot, ctx);
  },
};

export const UPDATE_DOMAIN: OperationDef<DocumentRootChange, DomainParts> = {
  kind: 'update_domain',
  recovery: 'rollback',
  steps: [documentRootStep, documentRootVhostsStep, documentRootRecordStep],
};

export const DOMAIN_OPERATIONS = [ADD_DOMAIN, REMOVE_DOMAIN, UPDATE_DOMAIN] as unknown as OperationDef<never, DomainParts>[];

function invalid(field: string, message: string): ValidationError {
  return new ValidationError('Invalid domain request', [{ field, message }]);
}

function canonicalDomain(value: string, field: string): string {
  const problem = domainProblem(value);
  if (problem) throw invalid(field, problem);
  if (normaliseDomain(value) !== value) throw invalid(field, 'must be in canonical form');
  return value;
}

function checkRoot(value: string): string {
  const problem = documentRootProblem(value);
  if (problem) throw invalid('document_root', problem);
  return value.replace(/\/$/, '');
}

export function toDomainMsg(e: AccountDomainEntry): AccountDomainMsg {
  return { domain: e.domain, type: e.type, document_root: e.documentRoot, target: e.target ?? '', has_zone: e.hasZone, has_mail: e.hasMail };
}

function below(name: string, parent: string): boolean {
  return name.endsWith(`.${parent}`);
}

/**
 * Addon domains, subdomains and aliases of one account. Every request is re-validated and
 * checked against the agent's own records before anything is journaled (a refusal changes
 * nothing); each change runs under the account's lock through the journaled runner.
 */
export class DomainOperations {
  constructor(private readonly runner: OperationRunner<DomainParts>, private readonly ctx: DomainContext) {}

  private async account(username: string, accountDomain: string): Promise<AccountRecordFile> {
    checkRef(username, accountDomain);
    await requireAccountDomain(this.ctx, username, accountDomain);
    return (await readAccountRecord(this.ctx, username))!;
  }

  async list(req: proto.ListDomainsRequest__Output): Promise<AccountDomainMsg[]> {
    const record = await this.account(req.username, req.account_domain);
    return (record.domains ?? []).map(toDomainMsg);
  }

  /** The entry the request describes, derived from the record (zone, target's root), or a 4xx. */
  private async plan(record: AccountRecordFile, req: proto.AddDomainRequest__Output): Promise<AccountDomainEntry> {
    const domain = canonicalDomain(req.domain, 'domain');
    const own = record.domains ?? [];
    if (domain === record.domain || own.some((d) => d.domain === domain)) throw new ConflictError(`The account already has ${domain}`, [{ field: 'domain', message: 'is already this account\'s' }]);
    const zones = [record.domain, ...own.filter((d) => d.hasZone).map((d) => d.domain)];
    const parentZone = zones.filter((z) => below(domain, z)).sort((a, b) => b.length - a.length)[0];
    if (req.type === 'addon') {
      if (parentZone) throw invalid('domain', `is below ${parentZone}, which this account has: add it as a subdomain`);
      const documentRoot = checkRoot(req.document_root);
      return { domain, type: 'addon', documentRoot, zone: domain, hasZone: true, hasMail: true };
    }
    if (req.type === 'subdomain') {
      if (!parentZone) throw invalid('domain', 'must be below a domain of this account');
      return { domain, type: 'subdomain', documentRoot: checkRoot(req.document_root), zone: parentZone, hasZone: false, hasMail: false };
    }
    if (req.type === 'alias') {
      const target = canonicalDomain(req.target, 'target');
      const root = target === record.domain ? 'public_html' : own.find((d) => d.domain === target && d.type !== 'alias')?.documentRoot;
      if (!root) throw invalid('target', 'must be a domain of this account that is not an alias');
      if (req.document_root) throw invalid('document_root', 'an alias serves its target\'s document root');
      return { domain, type: 'alias', documentRoot: root, target, zone: parentZone ?? domain, hasZone: !parentZone, hasMail: false };
    }
    throw invalid('type', 'must be one of: addon, subdomain, alias');
  }

  async add(req: proto.AddDomainRequest__Output): Promise<AccountDomainMsg> {
    checkOperationId(req.operation_id);
    checkRef(req.username, req.account_domain);
    return this.ctx.parts.accountLocks.run(req.username, async () => {
      let spec: DomainSpec;
      if (await this.runner.has(req.operation_id)) {
        // A replay: the runner answers from the journal; the plan only has to be well-formed.
        spec = { username: req.username, accountDomain: req.account_domain, entry: { domain: req.domain, type: 'addon', documentRoot: '', zone: req.domain, hasZone: false, hasMail: false } };
      } else {
        const record = await this.account(req.username, req.account_domain);
        if (await isLoginLocked(this.ctx, req.username)) throw new ConflictError(`Account ${req.username} is suspended`);
        const entry = await this.plan(record, req);
        await requireDomainUnclaimed(this.ctx, req.username, entry.domain);
        if (entry.type !== 'alias') await checkDocumentRoot(this.ctx.config, req.username, entry.documentRoot);
        spec = { username: req.username, accountDomain: req.account_domain, entry };
      }
      return this.runner.run(req.operation_id, ADD_DOMAIN, spec, async () => {
        const record = await readAccountRecord(this.ctx, req.username);
        const entry = record?.domains?.find((d) => d.domain === req.domain);
        if (!entry) throw new NotFoundError(`No domain ${req.domain}`);
        return toDomainMsg(entry);
      });
    });
  }

  async update(req: proto.UpdateDomainRequest__Output): Promise<AccountDomainMsg> {
    checkOperationId(req.operation_id);
    checkRef(req.username, req.account_domain);
    const domain = canonicalDomain(req.domain, 'domain');
    const root = checkRoot(req.document_root);
    return this.ctx.parts.accountLocks.run(req.username, async () => {
      const record = await this.account(req.username, req.account_domain);
      const before = record.domains?.find((d) => d.domain === domain);
      if (!before) throw new NotFoundError(`Account ${req.username} has no domain ${domain}`);
      if (before.type === 'alias') throw invalid('document_root', 'an alias serves its target\'s document root');
      if (!(await this.runner.has(req.operation_id))) await checkDocumentRoot(this.ctx.config, req.username, root);
      const change: DocumentRootChange = {
        username: req.username, accountDomain: req.account_domain, entry: { ...before, documentRoot: root }, before,
        aliases: (record.domains ?? []).filter((d) => d.type === 'alias' && d.target === domain),
      };
      return this.runner.run(req.operation_id, UPDATE_DOMAIN, change, async () => toDomainMsg(change.entry));
    });
  }

  async remove(req: proto.RemoveDomainRequest__Output): Promise<void> {
    checkOperationId(req.operation_id);
    checkRef(req.username, req.account_domain);
    const domain = canonicalDomain(req.domain, 'domain');
    await this.ctx.parts.accountLocks.run(req.username, async () => {
      const record = await this.account(req.username, req.account_domain);
      const entry = record.domains?.find((d) => d.domain === domain);
      if (!entry) {
        if (await this.runner.has(req.operation_id)) return;
        throw new NotFoundError(`Account ${req.username} has no domain ${domain}`);
      }
      const dependants = (record.domains ?? []).filter((d) => d.target === domain || (entry.hasZone && d.zone === domain && d.domain !== domain));
      if (dependants.length) throw new ConflictError(`${dependants.map((d) => d.domain).join(', ')} depend on ${domain}`);
      await this.runner.run(req.operation_id, REMOVE_DOMAIN, { username: req.username, accountDomain: req.account_domain, entry }, async () => undefined);
    });
  }
}
