import { useState } from 'preact/hooks';
import { get, request } from '../api/client';
import type { Account, TlsStatus } from '../api/types';
import { Textarea } from '../components/field';
import { useFormState } from '../components/form-state';
import { Outcome } from '../components/outcome';
import { StatusBadge } from '../components/status-badge';
import { LoadState } from '../components/table';
import { useLoad } from '../components/use-load';

export function TlsSection({ account }: { account: Account }) {
  const tls = useLoad(() => get<{ data: TlsStatus }>(`/accounts/${account.id}/tls`), [account.id]);
  const state = useFormState();
  const upload = useFormState();
  const [certificate, setCertificate] = useState('');
  const [privateKey, setPrivateKey] = useState('');
  const t = tls.data?.data;
  const retry = (): void => {
    void state.run('Asking the CA for a certificate…', async (key) => {
      await request('POST', `/accounts/${account.id}/tls/issue`, { idempotencyKey: key });
      tls.reload();
      return 'Requested: the status below follows.';
    });
  };
  const submit = (e: Event): void => {
    e.preventDefault();
    void upload.run('Checking and installing the certificate…', async () => {
      await request('PUT', `/accounts/${account.id}/tls`, { body: { certificate, private_key: privateKey } });
      setPrivateKey('');
      tls.reload();
      return 'Certificate installed: the site now serves it.';
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
      <form onSubmit={submit} noValidate class="add">
        <h3>Upload your own certificate</h3>
        <Textarea id="tls-certificate" label="Certificate chain (PEM)" value={certificate} onInput={setCertificate} error={upload.fields.certificate} hint="-----BEGIN CERTIFICATE----- …, the site's certificate first." />
        <Textarea id="tls-key" label="Private key (PEM)" value={privateKey} onInput={setPrivateKey} error={upload.fields.private_key} />
        <button type="submit" disabled={upload.phase === 'busy'}>Upload certificate</button>
        <Outcome state={upload} />
      </form>
    </section>
  );
}
