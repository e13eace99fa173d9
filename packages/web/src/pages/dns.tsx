import { useState } from 'preact/hooks';
import { get, request } from '../api/client';
import type { Account, DnsRecord } from '../api/types';
import { Field, Select } from '../components/field';
import { useFormState } from '../components/form-state';
import { Outcome } from '../components/outcome';
import { LoadState, Table } from '../components/table';
import { useLoad } from '../components/use-load';

const TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SRV', 'CAA'];

/** "www" → "www.example.com"; "@", "" and names already in the zone are sent as they are. */
export function fullName(name: string, domain: string): string {
  if (!name || name === '@') return '@';
  const bare = name.replace(/\.$/, '').toLowerCase();
  return bare === domain || bare.endsWith(`.${domain}`) ? bare : `${bare}.${domain}`;
}

export function DnsSection({ account }: { account: Account }) {
  const list = useLoad(() => get<{ data: DnsRecord[] }>(`/accounts/${account.id}/dns/records`), [account.id]);
  const [form, setForm] = useState({ name: '', type: 'A', content: '', ttl: '3600', priority: '' });
  const set = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });
  const state = useFormState();
  const add = (e: Event): void => {
    e.preventDefault();
    void state.run('Adding the record…', async (key) => {
      const body: Record<string, unknown> = { name: fullName(form.name.trim(), account.domain), type: form.type, content: form.content, ttl: Number(form.ttl) };
      if (form.priority !== '') body.priority = Number(form.priority);
      const { data } = await request<{ data: DnsRecord }>('POST', `/accounts/${account.id}/dns/records`, { body, idempotencyKey: key });
      setForm({ ...form, name: '', content: '', priority: '' });
      list.reload();
      return `Record ${data.name} ${data.type} ${data.content} added.`;
    });
  };
  const remove = (r: DnsRecord): void => {
    void state.run(`Deleting ${r.name} ${r.type}…`, async (key) => {
      await request('DELETE', `/accounts/${account.id}/dns/records/${r.id}`, { idempotencyKey: key });
      list.reload();
      return `Record ${r.name} ${r.type} deleted.`;
    });
  };
  const rows = list.data?.data ?? [];
  return (
    <section id="dns" aria-labelledby="dns-h">
      <h2 id="dns-h">DNS records of {account.domain}</h2>
      <LoadState loading={list.loading && !list.data} error={list.error} retry={list.reload} />
      {rows.length > 0 && (
        <Table label="DNS records" head={['Name', 'Type', 'Content', 'TTL', 'Priority', 'Action']}>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{r.name}</td><td>{r.type}</td><td class="wrap">{r.content}</td><td>{r.ttl}</td><td>{r.priority ?? ''}</td>
              <td>{r.protected ? <span class="hint">managed</span> : <button type="button" class="small" onClick={() => remove(r)} aria-label={`Delete ${r.name} ${r.type} ${r.content}`}>Delete</button>}</td>
            </tr>
          ))}
        </Table>
      )}
      <form onSubmit={add} noValidate class="add">
        <h3>New record</h3>
        <Field id="dns-name" label={`Name (www for www.${account.domain}, @ for the domain itself)`} value={form.name} onInput={set('name')} error={state.fields.name} />
        <Select id="dns-type" label="Type" value={form.type} onChange={set('type')} error={state.fields.type} options={TYPES.map((t) => ({ value: t, label: t }))} />
        <Field id="dns-content" label="Content" value={form.content} onInput={set('content')} error={state.fields.content} />
        <Field id="dns-ttl" label="TTL (seconds)" inputMode="numeric" value={form.ttl} onInput={set('ttl')} error={state.fields.ttl} />
        {(form.type === 'MX' || form.type === 'SRV') && <Field id="dns-priority" label="Priority" inputMode="numeric" value={form.priority} onInput={set('priority')} error={state.fields.priority} />}
        <button type="submit" disabled={state.phase === 'busy'}>Add record</button>
        <Outcome state={state} />
      </form>
    </section>
  );
}
