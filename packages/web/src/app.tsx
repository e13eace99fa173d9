import { useEffect, useRef, useState } from 'preact/hooks';
import { whenSignedOut } from './api/client';
import type { Me } from './api/types';
import { Nav } from './nav';
import { match, navigate, onLinkClick, useLocation } from './router';
import { currentUser, managesAccounts, isOperator, signOut } from './session';
import { LoginPage } from './pages/login';
import { PasswordPage } from './pages/password';
import { AccountsPage } from './pages/accounts';
import { AccountCreatePage } from './pages/account-create';
import { AccountPage } from './pages/account';
import { PackagesPage } from './pages/packages';
import { PeoplePage } from './pages/people';
import { AuditPage } from './pages/audit';
import { ServerPage } from './pages/server';

function Page({ me, path }: { me: Me; path: string }) {
  let m: Record<string, string> | null;
  if (path === '/' || path === '/accounts') return <AccountsPage me={me} />;
  if (path === '/accounts/new' && managesAccounts(me.role)) return <AccountCreatePage />;
  if ((m = match('/accounts/:id', path)) && /^\d+$/.test(m.id)) return <AccountPage me={me} id={Number(m.id)} />;
  if (path === '/password') return <PasswordPage />;
  if (path === '/packages' && managesAccounts(me.role)) return <PackagesPage me={me} />;
  if (path === '/people' && managesAccounts(me.role)) return <PeoplePage me={me} />;
  if (path === '/audit' && managesAccounts(me.role)) return <AuditPage />;
  if (path === '/server' && isOperator(me.role)) return <ServerPage />;
  return (
    <>
      <h1 tabIndex={-1}>Not found</h1>
      <p>There is no such page. <a href="/accounts">Back to the accounts</a>.</p>
    </>
  );
}

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [notice, setNotice] = useState('');
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    whenSignedOut(() => {
      setNotice('Your session has ended. Sign in again.');
      setMe(null);
    });
    void currentUser().then(setMe);
  }, []);

  // A new page moves focus to its heading, so keyboard and screen reader users start there.
  useEffect(() => {
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [path, me]);

  if (me === undefined) return <main id="main" ref={main}><p role="status">Loading…</p></main>;
  if (me === null) {
    return (
      <main id="main" ref={main} class="narrow">
        <LoginPage notice={notice} onSignedIn={(who) => { setNotice(''); setMe(who); if (path === '/' || path === '/login') navigate('/accounts', true); }} />
      </main>
    );
  }
  const out = async (): Promise<void> => {
    await signOut();
    setNotice('You have signed out.');
    setMe(null);
    navigate('/', true);
  };
  return (
    <div onClick={onLinkClick}>
      <a class="skip" href="#main">Skip to content</a>
      <Nav me={me} path={path} onSignOut={() => void out()} />
      <main id="main" ref={main} tabIndex={-1}>
        <Page me={me} path={path} />
      </main>
    </div>
  );
}
