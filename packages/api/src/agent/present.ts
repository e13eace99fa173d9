import { InternalError } from '@hearth/shared';

/**
 * The message a response must carry. proto-loader types a message field as nullable; an
 * answer without it is not one the contract allows, so it is an unexpected answer.
 */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new InternalError(`Unexpected answer from the agent: no ${what}`);
  return value;
}
