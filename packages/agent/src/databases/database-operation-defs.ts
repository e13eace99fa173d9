import type { OperationDef } from '../operations/operation-runner';
import type { DatabasesParts } from './databases-parts';
import {
  DatabaseInput, UserInput, createDatabaseStep, createUserStep, dropDatabaseStep, dropUserStep,
  revokeDatabaseGrantsStep, setGrantsStep, setPasswordStep,
} from './database-steps';

/**
 * The journaled operations of the DatabaseService. Creates and updates roll back after a
 * crash; deletes roll forward (dropped data cannot come back). Kept apart from
 * database-operations.ts so databases-module.ts lists them without building the gRPC side.
 */
export const createDatabaseOp: OperationDef<DatabaseInput, DatabasesParts> = { kind: 'create_database', recovery: 'rollback', steps: [createDatabaseStep] };
export const deleteDatabaseOp: OperationDef<DatabaseInput, DatabasesParts> = {
  kind: 'delete_database', recovery: 'rollforward', steps: [revokeDatabaseGrantsStep, dropDatabaseStep],
};
export const createDatabaseUserOp: OperationDef<UserInput, DatabasesParts> = {
  kind: 'create_database_user', recovery: 'rollback', steps: [createUserStep, setGrantsStep],
};
export const updateDatabaseUserOp: OperationDef<UserInput, DatabasesParts> = {
  kind: 'update_database_user', recovery: 'rollback', steps: [setPasswordStep, setGrantsStep],
};
export const deleteDatabaseUserOp: OperationDef<UserInput, DatabasesParts> = { kind: 'delete_database_user', recovery: 'rollforward', steps: [dropUserStep] };

/**
 * For start-up recovery: every operation kind this module journals. Typed loosely because
 * recovery passes back the journaled input, whatever its shape.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const DATABASE_OPERATIONS: OperationDef<any, DatabasesParts>[] = [createDatabaseOp, deleteDatabaseOp, createDatabaseUserOp, updateDatabaseUserOp, deleteDatabaseUserOp];

