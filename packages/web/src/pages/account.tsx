import { get } from '../api/client';
import type { Account, Me, Package } from '../api/types';
import { StatusBadge } from '../components/status-badge';
import { LoadState } from '../components/table';
import { useLoad } from '../components/use-load';
import { managesAccounts } from '../session';
import { AccountActions } from './account-actions';
import { MailboxesSection } from './mailboxes';
import { DatabasesSection } from './databases';
import { DnsSection } from './dns';
import { SubaccountsSection } from './subaccounts';
import { TlsSection } from './tls';

export function AccountPage({ me, id }: { me: Me; id: number }) {
  const account = useLoad(() => get<{ data: Account }>(`/accounts/${id}`), [id]);
  const a = account.data?.data;
  const pkg = useLoad(() => (a ? get<{ data: Package }>(`/packages/${a.package_id}`) : Promise.resolve(null)), [a?.package_id]).data?.data;
  if (!a) {
    return (
      <>
        <h1 tabIndex={-1}>Account</h1>
        <LoadState loading={account.loading} error={account.error} retry={account.reload} />
      </>
    );
  }
  const active = a.status === 'active';
  return (
    <>
      <h1 tabIndex={-1}>{a.username} <StatusBadge status={a.status} /></h1>
      <dl class="facts">
        <dt>Domain</dt><dd><a href={`http://${a.domain}/`} rel="noreferrer noopener" target="_blank">{a.domain}</a></dd>
        <dt>Contact</dt><dd>{a.email}</dd>
        <dt>Package</dt><dd>{pkg ? pkg.name : `#${a.package_id}`}</dd>
        <dt>Created</dt><dd>{a.created_at.slice(0, 10)}</dd>
      </dl>
      <nav aria-label="Sections of this account" class="sections">
        <a href="#mailboxes">Mailboxes</a> <a href="#databases">Databases</a> <a href="#dns">DNS</a> <a href="#subaccounts">Subaccounts</a> <a href="#tls">TLS</a>
        {managesAccounts(me.role) && <a href="#manage">Manage</a>}
      </nav>
      {!active && <p class="notice">This account is {a.status}: its services are off and changes are refused until it is active again.</p>}
      <MailboxesSection account={a} limit={pkg?.max_email_accounts} />
      <DatabasesSection account={a} limit={pkg?.max_databases} />
      <DnsSection account={a} />
      <SubaccountsSection account={a} />
      <TlsSection account={a} />
      {managesAccounts(me.role) && <AccountActions account={a} onChanged={account.reload} />}
    </>
  );
}
