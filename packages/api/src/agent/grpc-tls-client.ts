import type { proto } from '@hearth/shared';
import type { AgentChannel } from './agent-channel';
import { present } from './present';

/** tls.proto's TlsStatus, generated from proto/ (proto-loader: keepCase, defaults). */
export type TlsStatusMsg = proto.TlsStatus__Output;

export interface TlsRef {
  username: string;
  domain: string;
}

/** What the API needs of the agent for an account's certificate. */
export interface TlsAgent {
  status(ref: TlsRef): Promise<TlsStatusMsg>;
  issue(operationId: string, ref: TlsRef): Promise<TlsStatusMsg>;
  upload(operationId: string, ref: TlsRef, certificatePem: string, privateKeyPem: string): Promise<TlsStatusMsg>;
}

const SERVICE = 'hearth.agent.v1.TlsService';
/** IssueCertificate waits up to 20 s for the CA in the agent; leave room for that. */
const ISSUE_TIMEOUT_MS = 30_000;

export class GrpcTlsAgent implements TlsAgent {
  constructor(private readonly channel: AgentChannel) {}

  async status(ref: TlsRef): Promise<TlsStatusMsg> {
    return present((await this.channel.call<proto.GetTlsStatusResponse__Output>(SERVICE, 'GetTlsStatus', { ...ref })).status, 'status');
  }

  async issue(operationId: string, ref: TlsRef): Promise<TlsStatusMsg> {
    const res = await this.channel.call<proto.IssueCertificateResponse__Output>(SERVICE, 'IssueCertificate', { operation_id: operationId, ...ref }, ISSUE_TIMEOUT_MS);
    return present(res.status, 'status');
  }

  async upload(operationId: string, ref: TlsRef, certificatePem: string, privateKeyPem: string): Promise<TlsStatusMsg> {
    const res = await this.channel.call<proto.UploadCertificateResponse__Output>(SERVICE, 'UploadCertificate', {
      operation_id: operationId, ...ref, certificate_pem: certificatePem, private_key_pem: privateKeyPem,
    });
    return present(res.status, 'status');
  }
}
