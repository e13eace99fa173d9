import { useState } from 'preact/hooks';
import { get, request } from '../api/client';
import type { Account, Database, DatabaseUser } from '../api/types';
import { Field, Select } from '../components/field';
import { useFormState } from '../components/form-state';
import { Outcome } from '../components/outcome';
import { LoadState, Table } from '../components/table';
import { useLoad } from '../components/use-load';
import { Usage } from '../components/usage';

/** MariaDB databases and users, always named `{username}_{suffix}`: the form asks for the suffix. */
export function DatabasesSection({ account, limit }: { account: Account; limit?: number }) {
  const dbs = useLoad(() => get<{ data: Database[] }>(`/accounts/${account.id}/databases`), [account.id]);
  const users = useLoad(() => get<{ data: DatabaseUser[] }>(`/accounts/${account.id}/database-users`), [account.id]);
  const prefix = `${account.username}_`;
  const [dbName, setDbName] = useState('');
  const [userName, setUserName] = useState('');
  const [userPassword, setUserPassword] = useState('');
  const [grantDb, setGrantDb] = useState('');
  const dbState = useFormState();
  const userState = useFormState();
  const dbRows = dbs.data?.data ?? [];
  const userRows = users.data?.data ?? [];
  const addDb = (e: Event): void => {
    e.preventDefault();
    void dbState.run('Creating the database…', async (key) => {
      await request('POST', `/accounts/${account.id}/databases`, { body: { name: prefix + dbName }, idempotencyKey: key });
      const made = prefix + dbName;
      setDbName('');
      dbs.reload();
      return `Database ${made} created.`;
    });
  };
  const addUser = (e: Event): void => {
    e.preventDefault();
    const grant = grantDb || dbRows[0]?.name;
    void userState.run('Creating the database user…', async (key) => {
      const body: Record<string, unknown> = { name: prefix + userName, password: userPassword };
      if (grant) body.grants = [{ database: grant, privileges: ['ALL'] }];
      await request('POST', `/accounts/${account.id}/database-users`, { body, idempotencyKey: key });
      const made = prefix + userName;
      setUserName('');
      setUserPassword('');
      users.reload();
      return `Database user ${made} created${grant ? ` with all privileges on ${grant}` : ''}.`;
    });
  };
  return (
    <section id="databases" aria-labelledby="databases-h">
      <h2 id="databases-h">Databases</h2>
      {dbs.data && <Usage id="database-usage" used={dbRows.length} max={limit} noun="databases" />}
      <LoadState loading={dbs.loading && !dbs.data} error={dbs.error} retry={dbs.reload} empty={dbs.data !== null && dbRows.length === 0 && 'No databases yet.'} />
      {dbRows.length > 0 && (
        <Table label="Databases" head={['Name', 'Size']}>
          {dbRows.map((d) => <tr key={d.name}><td>{d.name}</td><td>{Math.round(d.size_bytes / 1024)} KiB</td></tr>)}
        </Table>
      )}
      <form onSubmit={addDb} noValidate class="add">
        <h3>New database</h3>
        <Field id="db-name" label={`Name (after ${prefix})`} value={dbName} onInput={setDbName} error={dbState.fields.name} />
        <button type="submit" disabled={dbState.phase === 'busy'}>Create database</button>
        <Outcome state={dbState} />
      </form>
      <h3>Database users</h3>
      <LoadState loading={users.loading && !users.data} error={users.error} retry={users.reload} empty={users.data !== null && userRows.length === 0 && 'No database users yet.'} />
      {userRows.length > 0 && (
        <Table label="Database users" head={['User', 'Hosts', 'Privileges', 'Locked']}>
          {userRows.map((u) => (
            <tr key={u.name}>
              <td>{u.name}</td>
              <td>{u.hosts.join(', ')}</td>
              <td>{u.grants.map((g) => `${g.database}: ${g.privileges.join(', ')}`).join('; ') || 'none'}</td>
              <td>{u.locked ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </Table>
      )}
      <form onSubmit={addUser} noValidate class="add">
        <h4>New database user</h4>
        <Field id="dbu-name" label={`User (after ${prefix})`} value={userName} onInput={setUserName} error={userState.fields.name} />
        <Field id="dbu-password" label="Password" type="password" autoComplete="new-password" value={userPassword} onInput={setUserPassword} error={userState.fields.password} />
        {dbRows.length > 0 && (
          <Select id="dbu-grant" label="All privileges on" value={grantDb || dbRows[0].name} onChange={setGrantDb} error={userState.fields.grants}
            options={dbRows.map((d) => ({ value: d.name, label: d.name }))} />
        )}
        <button type="submit" disabled={userState.phase === 'busy'}>Create database user</button>
        <Outcome state={userState} />
      </form>
    </section>
  );
}
