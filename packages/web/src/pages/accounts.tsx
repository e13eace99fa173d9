import { useEffect, useState } from 'preact/hooks';
import { accountPage, AccountQuery, prefetchAccounts } from '../api/accounts';
import type { AccountStatus, Me } from '../api/types';
import { Pager } from '../components/pager';
import { StatusBadge } from '../components/status-badge';
import { LoadState, Table } from '../components/table';
import { useLoad } from '../components/use-load';
import { managesAccounts } from '../session';

const STATUSES: Array<AccountStatus | ''> = ['', 'active', 'suspended', 'deleting'];

export function AccountsPage({ me }: { me: Me }) {
  const manager = managesAccounts(me.role);
  const [q, setQ] = useState<AccountQuery>({ page: 1, search: '', status: '' });
  const [typed, setTyped] = useState('');
  const list = useLoad(() => accountPage(q), [q.page, q.search, q.status]);
  const page = list.data;
  const total = page?.meta.total;
  useEffect(() => {
    if (manager && total !== undefined) prefetchAccounts(total);
  }, [manager, total]);
  return (
    <>
      <h1 tabIndex={-1}>{manager ? 'Accounts' : 'My accounts'}</h1>
      {manager && (
        <div class="toolbar">
          <form role="search" onSubmit={(e) => { e.preventDefault(); setQ({ ...q, page: 1, search: typed }); }}>
            <label for="search">Search username, domain or email</label>
            <div class="inline">
              <input id="search" type="search" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
              <button type="submit">Search</button>
            </div>
          </form>
          <div class="field">
            <label for="status-filter">Status</label>
            <select id="status-filter" value={q.status} onChange={(e) => setQ({ ...q, page: 1, status: e.currentTarget.value as AccountStatus | '' })}>
              {STATUSES.map((s) => <option key={s} value={s}>{s || 'any'}</option>)}
            </select>
          </div>
          <a class="button" href="/accounts/new">Create account</a>
        </div>
      )}
      <LoadState loading={list.loading && !page} error={list.error} retry={list.reload} empty={page?.meta.total === 0 && (q.search || q.status ? 'No account matches.' : 'No accounts yet.')} />
      {page && page.meta.total > 0 && (
        <div aria-busy={list.loading ? 'true' : 'false'} data-testid="accounts">
          <Table label="Accounts" head={['Username', 'Domain', 'Email', 'Status', 'Created']}>
            {page.data.map((a) => (
              <tr key={a.id}>
                <td><a href={`/accounts/${a.id}`}>{a.username}</a></td>
                <td>{a.domain}</td>
                <td>{a.email}</td>
                <td><StatusBadge status={a.status} /></td>
                <td>{a.created_at.slice(0, 10)}</td>
              </tr>
            ))}
          </Table>
          <Pager page={page.meta.page} pages={page.meta.pages} total={page.meta.total} label="accounts" onPage={(p) => setQ({ ...q, page: p })} />
        </div>
      )}
      {!manager && <p class="hint">Disk and bandwidth usage are not shown yet: the API does not report usage.</p>}
    </>
  );
}
