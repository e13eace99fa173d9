// Original file: proto/hearth/agent/v1/tls.proto

import type { TlsStatus as _hearth_agent_v1_TlsStatus, TlsStatus__Output as _hearth_agent_v1_TlsStatus__Output } from './TlsStatus';

export interface GetTlsStatusResponse {
  'status'?: (_hearth_agent_v1_TlsStatus | null);
}

export interface GetTlsStatusResponse__Output {
  'status': (_hearth_agent_v1_TlsStatus__Output | null);
}
