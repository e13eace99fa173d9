import { randomUUID } from 'node:crypto';
import { assertValid, createAjv } from '@hearth/shared';
import type { TlsAgent, TlsRef, TlsStatusMsg } from '../agent/grpc-tls-client';
import type { KnexAccountStore } from '../stores/knex-account-store';
import type { LicenseService } from './license-service';
import { accountFor } from './account-access';

/** The certificate of an account's site as the API shows it. */
export interface TlsView {
  domain: string;
  /** pending | issued | failed (| none: no ACME CA configured and nothing uploaded). */
  status: string;
  source: string | null;
  names: string[];
  serial: string | null;
  not_before: string | null;
  expires_at: string | null;
  last_error: string | null;
  last_attempt_at: string | null;
  next_attempt_at: string | null;
  failures: number;
}

const orNull = (s: string): string | null => (s === '' ? null : s);

export function toTlsView(msg: TlsStatusMsg): TlsView {
  return {
    domain: msg.domain, status: msg.state, source: orNull(msg.source), names: msg.names ?? [], serial: orNull(msg.serial),
    not_before: orNull(msg.not_before), expires_at: orNull(msg.not_after), last_error: orNull(msg.last_error),
    last_attempt_at: orNull(msg.last_attempt_at), next_attempt_at: orNull(msg.next_attempt_at), failures: msg.failures ?? 0,
  };
}

interface UploadBody {
  certificate: string;
  private_key: string;
}

const validateUpload = createAjv().compile<UploadBody>({
  type: 'object',
  properties: {
    certificate: { type: 'string', minLength: 1, maxLength: 65536, format: 'hearth-pem-certificate' },
    private_key: { type: 'string', minLength: 1, maxLength: 16384, format: 'hearth-pem-private-key' },
  },
  required: ['certificate', 'private_key'],
  additionalProperties: false,
});

/**
 * An account's TLS certificate. The shape of an upload is checked here (422 before the
 * agent is asked); whether the key matches, the names cover the domain and the
 * certificate is valid now is decided by the agent, which parses it (also 422).
 */
export class TlsService {
  constructor(
    private readonly accounts: KnexAccountStore,
    private readonly agent: TlsAgent,
    private readonly license: LicenseService,
  ) {}

  private async refOf(accountId: number, writing: boolean): Promise<TlsRef> {
    const row = await accountFor(this.accounts, accountId, writing ? 'naming' : null);
    return { username: row.username, domain: row.domain };
  }

  async get(accountId: number): Promise<TlsView> {
    return toTlsView(await this.agent.status(await this.refOf(accountId, false)));
  }

  async issue(accountId: number): Promise<TlsView> {
    this.license.assertWritable();
    return toTlsView(await this.agent.issue(randomUUID(), await this.refOf(accountId, true)));
  }

  async upload(accountId: number, body: unknown): Promise<TlsView> {
    this.license.assertWritable();
    const ref = await this.refOf(accountId, true);
    const upload = assertValid(validateUpload, body);
    return toTlsView(await this.agent.upload(randomUUID(), ref, upload.certificate, upload.private_key));
  }
}
