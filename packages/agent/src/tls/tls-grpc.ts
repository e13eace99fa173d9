import { DependencyUnavailableError, NotFoundError, ProvisioningFailedError, HearthError } from '@hearth/shared';
import type { proto } from '@hearth/shared';
import type { GrpcRegistration } from '../grpc/grpc-registration';
import type { ModuleRuntime } from '../operations/agent-module';
import type { TlsNeeds } from './tls-parts';
import { checkOperationId, checkRef as checkAccountRef } from '../operations/request-checks';
import { findManagedUser } from '../users/managed-user';
import { requireAccountDomain } from '../operations/account-ownership';
import type { TlsManager } from './tls-manager';
import type { TlsRecord } from './tls-record';

/** How long IssueCertificate waits for the CA before answering "pending". */
const ISSUE_WAIT_MS = 20_000;

interface AccountRef {
  username: string;
  domain: string;
}

function checkRef(req: { username?: unknown; domain?: unknown }): AccountRef {
  return checkAccountRef(String(req.username ?? ''), String(req.domain ?? ''));
}

/** The proto's TlsStatus; an account without a record has "none" or, with auto issuance, "pending". */
export function toStatusMsg(domain: string, record: TlsRecord | null, manager: TlsManager): proto.TlsStatus__Output {
  if (!record) {
    return {
      domain, state: manager.settings.autoIssue && manager.canIssue ? 'pending' : 'none', source: '', names: [], serial: '',
      not_before: '', not_after: '', last_error: '', last_attempt_at: '', next_attempt_at: '', failures: 0,
    };
  }
  return {
    domain, state: record.state, source: record.source ?? '', names: record.names, serial: record.serial,
    not_before: record.notBefore ?? '', not_after: record.notAfter ?? '', last_error: record.lastError ?? '',
    last_attempt_at: record.lastAttemptAt ?? '', next_attempt_at: record.nextAttemptAt ?? '', failures: record.failures,
  };
}

/** hearth.agent.v1.TlsService (tls.proto). */
export function tlsGrpc({ ctx }: ModuleRuntime<TlsNeeds>): GrpcRegistration {
  const { config } = ctx;
  const manager = ctx.parts.tls;

  const account = async (req: { username?: unknown; domain?: unknown }): Promise<{ tls: TlsManager; ref: AccountRef }> => {
    if (!manager) throw new DependencyUnavailableError('TLS is disabled on this server');
    const ref = checkRef(req);
    if (!(await findManagedUser(config, ref.username).catch(() => null))) throw new NotFoundError(`Account ${ref.username} does not exist on this host`);
    // The certificate is the account's own domain's, by the agent's record, not the caller's word.
    await requireAccountDomain({ config }, ref.username, ref.domain);
    return { tls: manager, ref };
  };

  return {
    service: 'hearth.agent.v1.TlsService',
    handlers: {
      GetTlsStatus: async (req: proto.GetTlsStatusRequest__Output) => {
        const { tls, ref } = await account(req);
        return { status: toStatusMsg(ref.domain, await tls.status(ref), tls) };
      },
      IssueCertificate: async (req: proto.IssueCertificateRequest__Output) => {
        checkOperationId(String(req.operation_id ?? ''));
        const { tls, ref } = await account(req);
        return { status: toStatusMsg(ref.domain, await tls.issueNow(ref, ISSUE_WAIT_MS), tls) };
      },
      UploadCertificate: async (req: proto.UploadCertificateRequest__Output) => {
        checkOperationId(String(req.operation_id ?? ''));
        const { tls, ref } = await account(req);
        try {
          return { status: toStatusMsg(ref.domain, await tls.upload(ref, req.certificate_pem, req.private_key_pem), tls) };
        } catch (e) {
          if (e instanceof HearthError) throw e;
          // nginx refused the configuration (the previous files are back) or a write failed.
          throw new ProvisioningFailedError('tls_install', e instanceof Error ? e.message : String(e));
        }
      },
    },
  };
}
