import { get } from '../api/client';
import type { Me, Package } from '../api/types';
import { LoadState, Table } from '../components/table';
import { useLoad } from '../components/use-load';

const limit = (n: number, unit = ''): string => (n ? `${n}${unit}` : 'unlimited');

/** The packages (read for everyone; creating and changing packages needs an API token with "*"). */
export function PackagesPage(_: { me: Me }) {
  const list = useLoad(() => get<{ data: Package[] }>('/packages'), []);
  const rows = list.data?.data ?? [];
  return (
    <>
      <h1 tabIndex={-1}>Packages</h1>
      <LoadState loading={list.loading && !list.data} error={list.error} retry={list.reload} empty={list.data !== null && rows.length === 0 && 'No packages.'} />
      {rows.length > 0 && (
        <Table label="Packages" head={['Name', 'PHP', 'Disk', 'Databases', 'Mailboxes', 'PHP workers', 'PHP memory']}>
          {rows.map((p) => (
            <tr key={p.id}>
              <td>{p.name}</td><td>{p.php_versions.join(', ')}</td><td>{limit(p.disk_quota_mb, ' MB')}</td>
              <td>{limit(p.max_databases)}</td><td>{limit(p.max_email_accounts)}</td><td>{p.php_workers}</td><td>{p.php_memory_mb} MB</td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
