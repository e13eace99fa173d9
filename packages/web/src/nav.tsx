import type { Me } from './api/types';
import { isOperator, managesAccounts } from './session';

interface Item {
  href: string;
  label: string;
}

/** What each role can reach: the API decides, the menu only hides what would answer 403. */
export function navItems(me: Me): Item[] {
  const items: Item[] = [{ href: '/accounts', label: managesAccounts(me.role) ? 'Accounts' : 'My accounts' }];
  if (managesAccounts(me.role)) items.push({ href: '/accounts/new', label: 'Create account' }, { href: '/packages', label: 'Packages' }, { href: '/people', label: 'People' }, { href: '/audit', label: 'Audit log' });
  if (isOperator(me.role)) items.push({ href: '/server', label: 'Server status' });
  items.push({ href: '/password', label: 'Password' });
  return items;
}

export function Nav({ me, path, onSignOut }: { me: Me; path: string; onSignOut: () => void }) {
  const current = (href: string): boolean => (href === '/accounts' ? path === '/accounts' || /^\/accounts\/\d+/.test(path) : path.startsWith(href));
  return (
    <header class="top">
      <a class="brand" href="/accounts">Hearth</a>
      <nav aria-label="Main">
        <ul>
          {navItems(me).map((i) => (
            <li key={i.href}>
              <a href={i.href} aria-current={current(i.href) ? 'page' : undefined}>{i.label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="who">
        <span>{me.label} <span class="role">({me.role.toLowerCase()})</span></span>
        <button type="button" class="link" onClick={onSignOut}>Sign out</button>
      </div>
    </header>
  );
}
