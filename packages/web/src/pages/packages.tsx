import { useState } from 'preact/hooks';
import { get, request } from '../api/client';
import type { Me, Package } from '../api/types';
import { Field } from '../components/field';
import { useFormState } from '../components/form-state';
import { Outcome } from '../components/outcome';
import { LoadState, Table } from '../components/table';
import { useLoad } from '../components/use-load';
import { isOperator } from '../session';

const limit = (n: number, unit = ''): string => (n ? `${n}${unit}` : 'unlimited');

const NUMBERS = [
  ['disk_quota_mb', 'Disk quota (MB, 0 = unlimited)'],
  ['max_databases', 'Databases (0 = unlimited)'],
  ['max_email_accounts', 'Mailboxes (0 = unlimited)'],
  ['php_workers', 'PHP workers'],
  ['php_memory_mb', 'PHP memory (MB)'],
] as const;

/** Everyone reads the packages; ADMIN and MASTER (scope "*") also create them. */
export function PackagesPage({ me }: { me: Me }) {
  const list = useLoad(() => get<{ data: Package[] }>('/packages'), []);
  const rows = list.data?.data ?? [];
  const [form, setForm] = useState<Record<string, string>>({ name: '', php_versions: '8.2', disk_quota_mb: '10240', max_databases: '10', max_email_accounts: '25', php_workers: '5', php_memory_mb: '256' });
  const set = (k: string) => (v: string) => setForm({ ...form, [k]: v });
  const state = useFormState();
  const add = (e: Event): void => {
    e.preventDefault();
    void state.run('Creating the package…', async (key) => {
      const body: Record<string, unknown> = { name: form.name, php_versions: form.php_versions.split(',').map((v) => v.trim()).filter(Boolean) };
      // Sent as typed when not a whole number, so the API names the field.
      for (const [k] of NUMBERS) body[k] = /^\d+$/.test(form[k]) ? Number(form[k]) : form[k];
      const { data } = await request<{ data: Package }>('POST', '/packages', { body, idempotencyKey: key });
      list.reload();
      return `Package ${data.name} created.`;
    });
  };
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
      {isOperator(me.role) && (
        <form onSubmit={add} noValidate class="add">
          <h2>New package</h2>
          <Field id="pkg-name" label="Name" value={form.name} onInput={set('name')} error={state.fields.name} />
          <Field id="pkg-php" label="PHP versions (comma-separated, the first is the default)" value={form.php_versions} onInput={set('php_versions')} error={state.fields.php_versions} />
          {NUMBERS.map(([k, label]) => (
            <Field key={k} id={`pkg-${k}`} label={label} inputMode="numeric" value={form[k]} onInput={set(k)} error={state.fields[k]} />
          ))}
          <button type="submit" disabled={state.phase === 'busy'}>Create package</button>
          <Outcome state={state} />
        </form>
      )}
    </>
  );
}
