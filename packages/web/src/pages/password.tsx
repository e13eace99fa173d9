import { useState } from 'preact/hooks';
import { request } from '../api/client';
import { Field } from '../components/field';
import { useFormState } from '../components/form-state';
import { Outcome } from '../components/outcome';

/** One's own password. The API then ends every session of the person, this one too. */
export function PasswordPage() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const state = useFormState();
  const submit = (e: Event): void => {
    e.preventDefault();
    void state.run('Changing the password…', async (key) => {
      await request('POST', '/auth/password', { body: { current_password: current, new_password: next }, idempotencyKey: key });
      return 'Password changed. Every session has ended: sign in again with the new password.';
    });
  };
  return (
    <>
      <h1 tabIndex={-1}>Change your password</h1>
      <form onSubmit={submit} noValidate class="narrow">
        <Field id="current_password" label="Current password" type="password" value={current} onInput={setCurrent} required autoComplete="current-password" error={state.fields.current_password} />
        <Field id="new_password" label="New password" type="password" value={next} onInput={setNext} required autoComplete="new-password" hint="8 to 1024 characters." error={state.fields.new_password} />
        <button type="submit" disabled={state.phase === 'busy'}>Change password</button>
        <Outcome state={state} />
      </form>
    </>
  );
}
