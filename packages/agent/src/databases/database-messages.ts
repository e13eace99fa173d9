import type { proto } from '@hearth/shared';

/** databases.proto messages, generated from proto/ (proto-loader with keepCase and defaults). */
export type DatabaseGrantMsg = proto.DatabaseGrant__Output;
/** What the agent sends: every field set; size_bytes (uint64) as a number, read back as a string. */
export type DatabaseInfoMsg = Required<proto.DatabaseInfo>;
export type DatabaseUserInfoMsg = proto.DatabaseUserInfo__Output;
/** CreateDatabase and DeleteDatabase name a database the same way (DeleteDatabaseUser a user). */
export type DatabaseRefRequestMsg = proto.CreateDatabaseRequest__Output & proto.DeleteDatabaseRequest__Output;
export type CreateDatabaseUserRequestMsg = proto.CreateDatabaseUserRequest__Output;
export type UpdateDatabaseUserRequestMsg = proto.UpdateDatabaseUserRequest__Output;
