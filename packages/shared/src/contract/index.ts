export * from './proto-path';
export * from './account-messages';
export * from './dns-messages';
import type * as proto from './generated';
/** Every message type generated from proto/ (e.g. `proto.AccountState__Output`). */
export type { proto };
