import { ValidationError } from '@hearth/shared';
import type { AccountRecord } from '../stores/account-record';
import type { AccountDomainService } from './account-domain-service';

/** The cPanel UAPI functions Hearth answers for domains, by module. */
export const UAPI_DOMAIN_FUNCTIONS: Readonly<Record<string, readonly string[]>> = {
  DomainInfo: ['list_domains'],
  SubDomain: ['addsubdomain'],
};

/**
 * cPanel-compatible DomainInfo::list_domains and SubDomain::addsubdomain over the REST
 * service (AccountDomainService): the same validation, conflict checks and package limits.
 */
export class UapiDomains {
  constructor(private readonly domains: AccountDomainService) {}

  /** DomainInfo::list_domains: main_domain, addon_domains, sub_domains, parked_domains (aliases). */
  async listDomains(account: AccountRecord): Promise<object> {
    const { data } = await this.domains.list(account.id);
    const active = data.filter((d) => d.status === 'active');
    const of = (type: string) => active.filter((d) => d.type === type).map((d) => d.domain);
    return { main_domain: account.domain, addon_domains: of('addon'), sub_domains: of('subdomain'), parked_domains: of('alias') };
  }

  /**
   * SubDomain::addsubdomain(domain=label, rootdomain, dir): `dir` relative to the home, as
   * cPanel takes it (a leading "/" or the home's own path is not accepted: it must stay
   * inside the home); without `dir`, public_html/<label> like cPanel.
   */
  async addSubdomain(account: AccountRecord, args: Record<string, string>): Promise<null> {
    const label = args.domain ?? '';
    const root = args.rootdomain ?? '';
    if (!label) throw new ValidationError('Request is invalid', [{ field: 'domain', message: 'You must specify the “domain” parameter (the subdomain\'s label).' }]);
    if (!root) throw new ValidationError('Request is invalid', [{ field: 'rootdomain', message: 'You must specify the “rootdomain” parameter.' }]);
    if (label.includes('.') && label.endsWith(`.${root}`)) {
      throw new ValidationError('Request is invalid', [{ field: 'domain', message: 'The “domain” parameter is the label only (for blog.example.com: domain=blog, rootdomain=example.com).' }]);
    }
    await this.domains.create(account.id, {
      domain: `${label}.${root}`, type: 'subdomain', document_root: args.dir ?? `public_html/${label}`,
    });
    return null;
  }

  call(account: AccountRecord, module: string, func: string, args: Record<string, string>): Promise<unknown> {
    if (module === 'DomainInfo' && func === 'list_domains') return this.listDomains(account);
    return this.addSubdomain(account, args);
  }
}
