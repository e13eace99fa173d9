import { useState } from 'preact/hooks';
import type { Me } from '../api/types';
import { Field } from '../components/field';
import { useFormState } from '../components/form-state';
import { Outcome } from '../components/outcome';
import { signIn } from '../session';

export function LoginPage({ notice, onSignedIn }: { notice: string; onSignedIn: (me: Me) => void }) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const state = useFormState();
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    let who: Me | null = null;
    const ok = await state.run('Signing in…', async () => {
      who = await signIn(login, password);
      return 'Signed in.';
    });
    if (ok && who) onSignedIn(who);
  };
  return (
    <>
      <h1 tabIndex={-1}>Sign in to Hearth</h1>
      {notice && <p class="notice" role="status">{notice}</p>}
      <form onSubmit={submit} noValidate>
        <Field id="login" label="Login" value={login} onInput={setLogin} required autoComplete="username" error={state.fields.login} />
        <Field id="password" label="Password" type="password" value={password} onInput={setPassword} required autoComplete="current-password" error={state.fields.password} />
        <button type="submit" disabled={state.phase === 'busy'}>Sign in</button>
        <Outcome state={state} />
      </form>
    </>
  );
}
