import { get, request } from '../api/client';
import type { Account, TlsStatus } from '../api/types';
import { useFormState } from '../components/form-state';
import { Outcome } from '../components/outcome';
import { StatusBadge } from '../components/status-badge';
import { LoadState } from '../components/table';
import { useLoad } from '../components/use-load';

export function TlsSection({ account }: { account: Account }) {
  const tls = useLoad(() => get<{ data: TlsStatus }>(`/accounts/${account.id}/tls`), [account.id]);
  const state = useFormState();
  const t = tls.data?.data;
  const retry = (): void => {
    void state.run('Asking the CA for a certificate…', async (key) => {
      await request('POST', `/accounts/${account.id}/tls/issue`, { idempotencyKey: key });
      tls.reload();
      return 'Requested: the status below follows.';
    });
  };
  return (
    <section id="tls" aria-labelledby="tls-h">
      <h2 id="tls-h">TLS certificate</h2>
      <LoadState loading={tls.loading && !t} error={tls.error} retry={tls.reload} />
      {t && (
        <dl class="facts">
          <dt>Status</dt><dd><StatusBadge status={t.status} /></dd>
          <dt>Source</dt><dd>{t.source ?? '—'}</dd>
          <dt>Names</dt><dd>{t.names.join(', ') || '—'}</dd>
          <dt>Expires</dt><dd>{t.expires_at ?? '—'}</dd>
          {t.last_error && (<><dt>Last error</dt><dd>{t.last_error}</dd></>)}
        </dl>
      )}
      {t && (t.status === 'failed' || t.status === 'pending') && <button type="button" onClick={retry} disabled={state.phase === 'busy'}>Retry now</button>}
      <Outcome state={state} />
    </section>
  );
}
