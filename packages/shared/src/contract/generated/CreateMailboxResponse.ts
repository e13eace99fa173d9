// Original file: proto/hearth/agent/v1/mail.proto

import type { Mailbox as _hearth_agent_v1_Mailbox, Mailbox__Output as _hearth_agent_v1_Mailbox__Output } from './Mailbox';

export interface CreateMailboxResponse {
  'mailbox'?: (_hearth_agent_v1_Mailbox | null);
}

export interface CreateMailboxResponse__Output {
  'mailbox': (_hearth_agent_v1_Mailbox__Output | null);
}
