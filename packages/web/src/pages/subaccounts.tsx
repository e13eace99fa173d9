import { useState } from 'preact/hooks';
import { get, request } from '../api/client';
import type { Account, Subaccount } from '../api/types';
import { Field } from '../components/field';
import { useFormState } from '../components/form-state';
import { Outcome } from '../components/outcome';
import { LoadState, Table } from '../components/table';
import { useLoad } from '../components/use-load';

const SERVICES = [
  { key: 'email', label: 'Email' },
  { key: 'ftp', label: 'FTP' },
  { key: 'webdisk', label: 'Web Disk' },
] as const;

function services(s: Subaccount): string {
  const on = Object.entries(s.services ?? {}).filter(([, v]) => v && (v.enabled === 1 || v.enabled === true)).map(([k]) => k);
  return on.join(', ') || 'none';
}

/** UserManager's subaccounts: one identity (user@domain, one password) for email, FTP and Web Disk. */
export function SubaccountsSection({ account }: { account: Account }) {
  const list = useLoad(() => get<{ data: Subaccount[] }>(`/accounts/${account.id}/subaccounts`), [account.id]);
  const rows = (list.data?.data ?? []).filter((s) => s.type !== 'cpanel');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [enabled, setEnabled] = useState<Record<string, boolean>>({ email: true, ftp: false, webdisk: false });
  const state = useFormState();
  const add = (e: Event): void => {
    e.preventDefault();
    void state.run('Creating the subaccount…', async (key) => {
      const body: Record<string, unknown> = { username: name, password, services: {} };
      for (const s of SERVICES) if (enabled[s.key]) (body.services as Record<string, unknown>)[s.key] = { enabled: 1 };
      await request('POST', `/accounts/${account.id}/subaccounts`, { body, idempotencyKey: key });
      const made = `${name}@${account.domain}`;
      setName('');
      setPassword('');
      list.reload();
      return `Subaccount ${made} created.`;
    });
  };
  return (
    <section id="subaccounts" aria-labelledby="subaccounts-h">
      <h2 id="subaccounts-h">Subaccounts</h2>
      <LoadState loading={list.loading && !list.data} error={list.error} retry={list.reload} empty={list.data !== null && rows.length === 0 && 'No subaccounts (email, FTP, Web Disk) yet.'} />
      {rows.length > 0 && (
        <Table label="Subaccounts" head={['Login', 'Kind', 'Services']}>
          {rows.map((s) => <tr key={String(s.full_username ?? s.username)}><td>{String(s.full_username ?? s.username)}</td><td>{String(s.type)}</td><td>{services(s)}</td></tr>)}
        </Table>
      )}
      <form onSubmit={add} noValidate class="add">
        <h3>New subaccount</h3>
        <Field id="sub-name" label={`User (before @${account.domain})`} value={name} onInput={setName} error={state.fields.username} />
        <Field id="sub-password" label="Password" type="password" autoComplete="new-password" value={password} onInput={setPassword} error={state.fields.password} />
        <fieldset>
          <legend>Services</legend>
          {SERVICES.map((s) => (
            <label class="check" key={s.key}>
              <input type="checkbox" checked={enabled[s.key]} onChange={(e) => setEnabled({ ...enabled, [s.key]: e.currentTarget.checked })} /> {s.label}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={state.phase === 'busy'}>Create subaccount</button>
        <Outcome state={state} />
      </form>
    </section>
  );
}
