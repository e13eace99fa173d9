import { useState } from 'preact/hooks';
import { request } from '../api/client';
import { accountsChanged } from '../api/accounts';
import type { Account } from '../api/types';
import { Field } from '../components/field';
import { useFormState } from '../components/form-state';
import { Outcome } from '../components/outcome';
import { navigate } from '../router';

/** Suspend, unsuspend, terminate. Terminating asks for the username typed out (seed 000's caution). */
export function AccountActions({ account, onChanged }: { account: Account; onChanged: () => void }) {
  const state = useFormState();
  const [confirm, setConfirm] = useState('');
  const busy = state.phase === 'busy';
  const toggle = (): void => {
    const verb = account.status === 'suspended' ? 'unsuspend' : 'suspend';
    void state.run(verb === 'suspend' ? 'Suspending: site, mail, databases and logins are being switched off…' : 'Unsuspending: switching services back on…', async (key) => {
      await request('POST', `/accounts/${account.id}/${verb}`, { idempotencyKey: key });
      accountsChanged();
      onChanged();
      return verb === 'suspend' ? `${account.username} is suspended.` : `${account.username} is active again.`;
    });
  };
  const terminate = async (e: Event): Promise<void> => {
    e.preventDefault();
    const ok = await state.run(`Terminating ${account.username}: removing site, mail, databases, DNS zone, home and user…`, async (key) => {
      await request('DELETE', `/accounts/${account.id}`, { idempotencyKey: key });
      accountsChanged();
      return `${account.username} is terminated.`;
    });
    if (ok) navigate('/accounts');
  };
  return (
    <section id="manage" aria-labelledby="manage-h">
      <h2 id="manage-h">Manage</h2>
      {(account.status === 'active' || account.status === 'suspended') && (
        <button type="button" onClick={toggle} disabled={busy}>{account.status === 'suspended' ? 'Unsuspend' : 'Suspend'}</button>
      )}
      <form onSubmit={terminate} noValidate class="danger narrow">
        <h3>Terminate</h3>
        <p>Removes everything the account has on the server. This cannot be undone.</p>
        <Field id="confirm-username" label={`Type the username (${account.username}) to confirm`} value={confirm} onInput={setConfirm} />
        <button type="submit" class="danger" disabled={busy || confirm !== account.username}>Terminate {account.username}</button>
      </form>
      <Outcome state={state} />
    </section>
  );
}
