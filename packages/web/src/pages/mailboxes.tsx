import { useState } from 'preact/hooks';
import { get, request } from '../api/client';
import type { Account, Mailbox } from '../api/types';
import { Field } from '../components/field';
import { useFormState } from '../components/form-state';
import { Outcome } from '../components/outcome';
import { LoadState, Table } from '../components/table';
import { useLoad } from '../components/use-load';
import { Usage } from '../components/usage';

export function MailboxesSection({ account, limit }: { account: Account; limit?: number }) {
  const list = useLoad(() => get<{ data: Mailbox[] }>(`/accounts/${account.id}/mailboxes`), [account.id]);
  const [local, setLocal] = useState('');
  const [password, setPassword] = useState('');
  const [quota, setQuota] = useState('0');
  const state = useFormState();
  const add = (e: Event): void => {
    e.preventDefault();
    void state.run('Creating the mailbox…', async (key) => {
      const body = { local_part: local, password, quota_mb: Number(quota) };
      await request('POST', `/accounts/${account.id}/mailboxes`, { body, idempotencyKey: key });
      const made = `${local}@${account.domain}`;
      setLocal('');
      setPassword('');
      list.reload();
      return `Mailbox ${made} created.`;
    });
  };
  const rows = list.data?.data ?? [];
  return (
    <section id="mailboxes" aria-labelledby="mailboxes-h">
      <h2 id="mailboxes-h">Mailboxes</h2>
      {list.data && <Usage id="mailbox-usage" used={rows.length} max={limit} noun="mailboxes" />}
      <LoadState loading={list.loading && !list.data} error={list.error} retry={list.reload} empty={list.data !== null && rows.length === 0 && 'No mailboxes yet.'} />
      {rows.length > 0 && (
        <Table label="Mailboxes" head={['Address', 'Quota']}>
          {rows.map((m) => <tr key={m.address}><td>{m.address}</td><td>{m.quota_mb ? `${m.quota_mb} MB` : 'unlimited'}</td></tr>)}
        </Table>
      )}
      <form onSubmit={add} noValidate class="add">
        <h3>New mailbox</h3>
        <Field id="mb-local" label={`Address (before @${account.domain})`} value={local} onInput={setLocal} error={state.fields.local_part} />
        <Field id="mb-password" label="Password" type="password" autoComplete="new-password" value={password} onInput={setPassword} error={state.fields.password} />
        <Field id="mb-quota" label="Quota in MB (0 = unlimited)" inputMode="numeric" value={quota} onInput={setQuota} error={state.fields.quota_mb} />
        <button type="submit" disabled={state.phase === 'busy'}>Create mailbox</button>
        <Outcome state={state} />
      </form>
    </section>
  );
}
