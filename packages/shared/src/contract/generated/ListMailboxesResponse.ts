// Original file: proto/hearth/agent/v1/mail.proto

import type { Mailbox as _hearth_agent_v1_Mailbox, Mailbox__Output as _hearth_agent_v1_Mailbox__Output } from './Mailbox';

export interface ListMailboxesResponse {
  'mailboxes'?: (_hearth_agent_v1_Mailbox)[];
}

export interface ListMailboxesResponse__Output {
  'mailboxes': (_hearth_agent_v1_Mailbox__Output)[];
}
