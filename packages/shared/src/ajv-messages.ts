import type { ErrorObject } from 'ajv';
import type { ErrorDetail } from './errors';
import { HEARTH_FORMATS } from './validation-formats';

/**
 * The one mapping from ajv's errors to what a person reads in a 422 (and an operator in a
 * config error): the field as a dotted path, and a sentence that says what is wrong with
 * it. ajv's own messages ("must be string", "must match pattern ...") name the schema,
 * not the problem.
 */

type Schema = Record<string, unknown>;

/** How a value of each JSON type is named in a sentence. */
const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  object: 'a JSON object',
  array: 'a list',
  null: 'null',
};

/** Formats of ajv-formats that Hearth's schemas use, as a person would say them. */
const STANDARD_FORMATS: Record<string, string> = {
  'date-time': 'a date and time such as 2026-01-31T12:00:00Z',
  date: 'a date such as 2026-01-31',
  email: 'an email address',
  uri: 'a URL',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  hostname: 'a host name',
};

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "from 1 to 100" / "at least 1" / "at most 100", from the schema's bounds. */
function rangeOf(schema: Schema): string | null {
  const min = typeof schema.minimum === 'number' ? schema.minimum : null;
  const max = typeof schema.maximum === 'number' ? schema.maximum : null;
  if (min !== null && max !== null) return `from ${min} to ${max}`;
  if (min !== null) return `at least ${min}`;
  if (max !== null) return `at most ${max}`;
  return null;
}

/** "must be an integer from 1 to 100" for any failure of a bounded number. */
function numberMessage(err: ErrorObject): string {
  const schema = (err.parentSchema ?? {}) as Schema;
  const type = schema.type === 'integer' ? 'an integer' : 'a number';
  const range = rangeOf(schema);
  return range ? `must be ${type} ${range}` : `must be ${type}`;
}

function typeMessage(err: ErrorObject): string {
  const wanted = (err.params as { type: string | string[] }).type;
  const types = Array.isArray(wanted) ? wanted : String(wanted).split(',');
  if (types.length === 1 && (types[0] === 'integer' || types[0] === 'number')) return numberMessage(err);
  return `must be ${types.map((t) => TYPE_NAMES[t] ?? t).join(' or ')}`;
}

function formatMessage(err: ErrorObject): string {
  const format = (err.params as { format: string }).format;
  const explain = HEARTH_FORMATS[format];
  if (explain) return explain(err.data) ?? 'is invalid';
  return `must be ${STANDARD_FORMATS[format] ?? `in ${format} format`}`;
}

function quoted(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** keyword → sentence. Anything not listed says "is invalid" rather than leak ajv's wording. */
const KEYWORD_MESSAGES: Record<string, (err: ErrorObject) => string> = {
  required: () => 'is required',
  additionalProperties: () => 'is not an accepted field',
  type: typeMessage,
  format: formatMessage,
  minimum: numberMessage,
  maximum: numberMessage,
  exclusiveMinimum: (e) => `must be greater than ${(e.params as { limit: number }).limit}`,
  exclusiveMaximum: (e) => `must be less than ${(e.params as { limit: number }).limit}`,
  multipleOf: (e) => `must be a multiple of ${(e.params as { multipleOf: number }).multipleOf}`,
  minLength: (e) => {
    const n = (e.params as { limit: number }).limit;
    return n === 1 ? 'must not be empty' : `must be at least ${plural(n, 'character', 'characters')}`;
  },
  maxLength: (e) => `must be at most ${plural((e.params as { limit: number }).limit, 'character', 'characters')}`,
  minItems: (e) => {
    const n = (e.params as { limit: number }).limit;
    return n === 1 ? 'must not be empty' : `must have at least ${plural(n, 'item', 'items')}`;
  },
  maxItems: (e) => `must have at most ${plural((e.params as { limit: number }).limit, 'item', 'items')}`,
  uniqueItems: () => 'must not list the same item twice',
  enum: (e) => `must be one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.map(quoted).join(', ')}`,
  const: (e) => `must be ${quoted((e.params as { allowedValue: unknown }).allowedValue)}`,
  minProperties: (e) => {
    const n = (e.params as { limit: number }).limit;
    return n === 1 ? 'must name at least one field' : `must name at least ${n} fields`;
  },
  maxProperties: (e) => `must name at most ${plural((e.params as { limit: number }).limit, 'field', 'fields')}`,
  // Only operator-facing schemas (config files) use patterns; request schemas use formats.
  pattern: (e) => `must match the pattern ${(e.params as { pattern: string }).pattern}`,
};

function fieldOf(err: ErrorObject): string {
  const path = err.instancePath.replace(/^\//, '').replace(/\//g, '.').replace(/~1/g, '/').replace(/~0/g, '~');
  let child: string | null = null;
  if (err.keyword === 'required') child = (err.params as { missingProperty: string }).missingProperty;
  if (err.keyword === 'additionalProperties') child = (err.params as { additionalProperty: string }).additionalProperty;
  if (child !== null) return path ? `${path}.${child}` : child;
  return path || '(body)';
}

/** One ajv error as the field it concerns and what is wrong with it. */
export function describeAjvError(err: ErrorObject): { field: string; message: string } {
  const message = KEYWORD_MESSAGES[err.keyword]?.(err) ?? 'is invalid';
  return { field: fieldOf(err), message };
}

/** Turns ajv errors into one detail per field (the first problem of each field). */
export function toValidationDetails(errors: ErrorObject[] | null | undefined): ErrorDetail[] {
  const byField = new Map<string, string>();
  for (const err of errors ?? []) {
    const { field, message } = describeAjvError(err);
    if (!byField.has(field)) byField.set(field, message);
  }
  return [...byField].map(([field, message]) => ({ field, message }));
}
