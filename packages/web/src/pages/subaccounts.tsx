import { get } from '../api/client';
import type { Account, Subaccount } from '../api/types';
import { LoadState, Table } from '../components/table';
import { useLoad } from '../components/use-load';

function services(s: Subaccount): string {
  const on = Object.entries(s.services ?? {}).filter(([, v]) => v && (v.enabled === 1 || v.enabled === true)).map(([k]) => k);
  return on.join(', ') || 'none';
}

/** UserManager's list: the account's own record, subaccounts and service accounts (read here; create via UAPI/REST). */
export function SubaccountsSection({ account }: { account: Account }) {
  const list = useLoad(() => get<{ data: Subaccount[] }>(`/accounts/${account.id}/subaccounts`), [account.id]);
  const rows = (list.data?.data ?? []).filter((s) => s.type !== 'cpanel');
  return (
    <section id="subaccounts" aria-labelledby="subaccounts-h">
      <h2 id="subaccounts-h">Subaccounts</h2>
      <LoadState loading={list.loading && !list.data} error={list.error} retry={list.reload} empty={list.data !== null && rows.length === 0 && 'No subaccounts (email, FTP, Web Disk) yet.'} />
      {rows.length > 0 && (
        <Table label="Subaccounts" head={['Login', 'Kind', 'Services']}>
          {rows.map((s) => <tr key={String(s.full_username ?? s.username)}><td>{String(s.full_username ?? s.username)}</td><td>{String(s.type)}</td><td>{services(s)}</td></tr>)}
        </Table>
      )}
    </section>
  );
}
