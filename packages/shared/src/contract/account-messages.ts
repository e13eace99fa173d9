import type {
  AccountState__Output, ChangeAccountLimitsRequest__Output, CreateAccountRequest__Output, DeleteAccountRequest__Output, GetOperationResponse__Output,
  PackageLimits__Output, SuspendAccountRequest__Output, UnsuspendAccountRequest__Output,
} from './generated';

/*
 * Names for agent.proto messages as both processes read them: the types are generated
 * from proto/ (generated/, by scripts/gen-proto-types.js); proto-loader's `defaults`
 * fills every scalar, so the `__Output` shapes are what a handler or a client receives.
 */
export type PackageLimitsMsg = PackageLimits__Output;
export type AccountStateMsg = AccountState__Output;
export type CreateAccountRequestMsg = CreateAccountRequest__Output;
export type ChangeAccountLimitsRequestMsg = ChangeAccountLimitsRequest__Output;
/** Delete, suspend and unsuspend name an account the same way. */
export type AccountRefRequestMsg = DeleteAccountRequest__Output & SuspendAccountRequest__Output & UnsuspendAccountRequest__Output;

/** The journal states the agent reports (the proto field is a plain string). */
export type OperationState = 'unknown' | 'running' | 'succeeded' | 'failed';
export type GetOperationResponseMsg = Omit<GetOperationResponse__Output, 'state'> & { state: OperationState };
