// Original file: proto/hearth/agent/v1/tls.proto

import type { TlsStatus as _hearth_agent_v1_TlsStatus, TlsStatus__Output as _hearth_agent_v1_TlsStatus__Output } from './TlsStatus';

export interface IssueCertificateResponse {
  'status'?: (_hearth_agent_v1_TlsStatus | null);
}

export interface IssueCertificateResponse__Output {
  'status': (_hearth_agent_v1_TlsStatus__Output | null);
}
