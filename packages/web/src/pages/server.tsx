import { useLoad } from '../components/use-load';
import { StatusBadge } from '../components/status-badge';
import { LoadState } from '../components/table';

interface Readiness {
  status: 'ready' | 'not_ready';
  checks: { database: boolean; agent: boolean };
}

/** /readyz: the panel database and the agent, as the load balancer sees them. */
export function ServerPage() {
  const ready = useLoad(async () => (await fetch('/readyz', { headers: { Accept: 'application/json' } })).json() as Promise<Readiness>, []);
  const r = ready.data;
  return (
    <>
      <h1 tabIndex={-1}>Server status</h1>
      <LoadState loading={ready.loading && !r} error={ready.error} retry={ready.reload} />
      {r && (
        <dl class="facts">
          <dt>Overall</dt><dd><StatusBadge status={r.status === 'ready' ? 'ready' : 'not-ready'} /></dd>
          <dt>Panel database</dt><dd><StatusBadge status={r.checks.database ? 'up' : 'down'} /></dd>
          <dt>Agent</dt><dd><StatusBadge status={r.checks.agent ? 'up' : 'down'} /></dd>
        </dl>
      )}
      <button type="button" onClick={ready.reload}>Check again</button>
      <p class="hint">Per-daemon status (nginx, PHP-FPM, PowerDNS, Postfix, Dovecot…) is shown by <code>hearthctl status</code>; the API has no endpoint for it yet.</p>
    </>
  );
}
