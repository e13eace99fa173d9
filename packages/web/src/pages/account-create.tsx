import { useState } from 'preact/hooks';
import { get, request } from '../api/client';
import { accountsChanged } from '../api/accounts';
import type { Account, Package } from '../api/types';
import { Field, Select } from '../components/field';
import { useFormState } from '../components/form-state';
import { Outcome } from '../components/outcome';
import { useLoad } from '../components/use-load';

/** POST /accounts: every field's message is the API's own (422 details), shown next to it. */
export function AccountCreatePage() {
  const packages = useLoad(() => get<{ data: Package[] }>('/packages'), []);
  const [form, setForm] = useState({ username: '', domain: '', email: '', password: '', package_id: '', customer_id: '' });
  const [created, setCreated] = useState<Account | null>(null);
  const state = useFormState();
  const set = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });
  const pkgs = packages.data?.data ?? [];
  const packageId = form.package_id || String(pkgs[0]?.id ?? '');
  const submit = (e: Event): void => {
    e.preventDefault();
    setCreated(null);
    void state.run(`Creating ${form.username || 'the account'}: system user, home, web server, DNS zone, mail domain… this can take a little while.`, async (key) => {
      const body: Record<string, unknown> = { username: form.username, domain: form.domain, email: form.email, password: form.password, package_id: Number(packageId) };
      if (form.customer_id) body.customer_id = Number(form.customer_id);
      const { data } = await request<{ data: Account }>('POST', '/accounts', { body, idempotencyKey: key });
      accountsChanged();
      setCreated(data);
      setForm({ username: '', domain: '', email: '', password: '', package_id: form.package_id, customer_id: '' });
      return `Account ${data.username} is ready (${data.domain}).`;
    });
  };
  return (
    <>
      <h1 tabIndex={-1}>Create an account</h1>
      <form onSubmit={submit} noValidate class="narrow">
        <Field id="username" label="Username" value={form.username} onInput={set('username')} required hint="A lowercase letter, then 2–31 lowercase letters or digits." error={state.fields.username} />
        <Field id="domain" label="Domain" value={form.domain} onInput={set('domain')} required error={state.fields.domain} />
        <Field id="email" label="Contact email" type="email" value={form.email} onInput={set('email')} required error={state.fields.email} />
        <Field id="password" label="Password" type="password" value={form.password} onInput={set('password')} required autoComplete="new-password" hint="Also the new customer's sign-in password. 8 characters or more." error={state.fields.password} />
        <Select id="package_id" label="Package" value={packageId} onChange={set('package_id')} error={state.fields.package_id}
          options={pkgs.map((p) => ({ value: String(p.id), label: p.name }))} />
        <Field id="customer_id" label="Existing customer id (optional)" value={form.customer_id} onInput={set('customer_id')} inputMode="numeric" hint="Empty: a new customer whose login is the username." error={state.fields.customer_id} />
        <button type="submit" disabled={state.phase === 'busy'}>Create account</button>
        <Outcome state={state} />
        {created && <p><a href={`/accounts/${created.id}`}>Open {created.username}</a></p>}
      </form>
    </>
  );
}
