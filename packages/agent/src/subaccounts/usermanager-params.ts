import { ValidationError, emailProblem, passwordProblem } from '@hearth/shared';

/**
 * UAPI arguments arrive as name=value strings (query, form, or the `uapi` command line).
 * These readers turn them into typed values or refuse them with the sentence UAPI puts in
 * `errors`; nothing is changed when any argument is wrong, because every function parses
 * all of its arguments before it plans a change.
 */
export type Args = Record<string, string>;

function refuse(message: string, field: string): never {
  throw new ValidationError(message, [{ field, message }]);
}

export function has(args: Args, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(args, name);
}

export function required(args: Args, name: string): string {
  if (!has(args, name) || args[name] === '') refuse(`You must specify the "${name}" parameter.`, name);
  return args[name];
}

/** A 0/1 switch ("true"/"false" are not UAPI booleans and are refused like any other word). */
export function flag(args: Args, name: string, fallback: boolean): boolean {
  if (!has(args, name)) return fallback;
  const v = args[name];
  if (v === '1') return true;
  if (v === '0') return false;
  return refuse(`The "${name}" parameter must be 0 or 1.`, name);
}

export function optionalFlag(args: Args, name: string): boolean | undefined {
  return has(args, name) ? flag(args, name, false) : undefined;
}

/** Megabytes: a whole number 0-999999, or "unlimited" (= 0). */
export function quota(args: Args, name: string): number | undefined {
  if (!has(args, name)) return undefined;
  const v = args[name];
  if (v === 'unlimited' || v === '') return 0;
  if (!/^[0-9]{1,6}$/.test(v)) refuse(`The "${name}" parameter must be a whole number of megabytes (0-999999) or "unlimited".`, name);
  return Number(v);
}

export function perms(args: Args, name: string): 'ro' | 'rw' | undefined {
  if (!has(args, name)) return undefined;
  const v = args[name];
  if (v !== 'ro' && v !== 'rw') refuse(`The "${name}" parameter must be "ro" or "rw".`, name);
  return v;
}

export function password(args: Args, name: string, isRequired: boolean): string | undefined {
  if (!has(args, name) || args[name] === '') {
    if (isRequired) refuse(`You must specify the "${name}" parameter.`, name);
    return undefined;
  }
  const problem = passwordProblem(args[name]);
  if (problem) refuse(`The password ${problem}.`, name);
  return args[name];
}

/** Free text (real_name, phone_number, avatar_url): no control characters, bounded. */
export function text(args: Args, name: string, max: number): string | null | undefined {
  if (!has(args, name)) return undefined;
  const v = args[name];
  if (v === '') return null;
  // eslint-disable-next-line no-control-regex
  if (v.length > max || /[\x00-\x1f\x7f]/.test(v)) refuse(`The "${name}" parameter must be at most ${max} characters without control characters.`, name);
  return v;
}

export function email(args: Args, name: string): string | null | undefined {
  if (!has(args, name)) return undefined;
  const v = args[name];
  if (v === '') return null;
  const problem = emailProblem(v);
  if (problem) refuse(`The "${name}" parameter ${problem}.`, name);
  return v.toLowerCase();
}

export function oneOf<T extends string>(args: Args, name: string, values: readonly T[]): T {
  const v = required(args, name);
  if (!(values as readonly string[]).includes(v)) refuse(`The "${name}" parameter must be one of: ${values.join(', ')}.`, name);
  return v as T;
}

/**
 * Input echoed in an error message, as printable ASCII: error details travel in gRPC
 * metadata, which only carries ASCII (anything else would break the reply).
 */
export function printable(value: string, max = 64): string {
  return value.slice(0, max).replace(/[^ -~]/g, '?');
}
