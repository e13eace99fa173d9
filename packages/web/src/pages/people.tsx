import { useState } from 'preact/hooks';
import { get, Page, query } from '../api/client';
import type { Me, Person } from '../api/types';
import { Pager } from '../components/pager';
import { StatusBadge } from '../components/status-badge';
import { LoadState, Table } from '../components/table';
import { useLoad } from '../components/use-load';
import { isOperator } from '../session';

type Kind = 'customers' | 'resellers' | 'staff';
const LABEL: Record<Kind, string> = { customers: 'Customers', resellers: 'Resellers', staff: 'Staff' };

/** People by role: a reseller sees its own customers; operators also resellers and staff. */
export function PeoplePage({ me }: { me: Me }) {
  const kinds: Kind[] = isOperator(me.role) ? ['customers', 'resellers', 'staff'] : ['customers'];
  const [kind, setKind] = useState<Kind>('customers');
  const [page, setPage] = useState(1);
  const list = useLoad(() => get<Page<Person>>(`/${kind}${query({ page, per_page: 25 })}`), [kind, page]);
  const data = list.data;
  return (
    <>
      <h1 tabIndex={-1}>People</h1>
      {kinds.length > 1 && (
        <div class="tabs" role="group" aria-label="Role">
          {kinds.map((k) => (
            <button type="button" key={k} aria-pressed={k === kind ? 'true' : 'false'} onClick={() => { setKind(k); setPage(1); }}>{LABEL[k]}</button>
          ))}
        </div>
      )}
      <h2>{LABEL[kind]}</h2>
      <LoadState loading={list.loading && !data} error={list.error} retry={list.reload} empty={data?.meta.total === 0 && 'Nobody yet.'} />
      {data && data.data.length > 0 && (
        <>
          <Table label={LABEL[kind]} head={['Login', 'Name', 'Email', 'Role', 'Status']}>
            {data.data.map((p) => <tr key={p.id}><td>{p.login}</td><td>{p.name}</td><td>{p.email ?? ''}</td><td>{p.role}</td><td><StatusBadge status={p.status} /></td></tr>)}
          </Table>
          <Pager page={data.meta.page} pages={data.meta.pages} total={data.meta.total} label={LABEL[kind].toLowerCase()} onPage={setPage} />
        </>
      )}
    </>
  );
}
