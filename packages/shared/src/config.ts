import { readFileSync } from 'node:fs';
import { JSONSchemaType } from 'ajv';
import { createAjv, toValidationDetails } from './ajv';

export class ConfigError extends Error {}

export function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/**
 * Reads a JSON config file once, applies defaults, validates it against its schema,
 * and returns a frozen object. Any problem stops start-up with a message naming the
 * file and every bad key.
 */
export function loadConfig<T>(file: string, schema: JSONSchemaType<T> | object, defaults: Partial<T> = {}): Readonly<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`Cannot read config ${file}: ${(e as Error).message}`);
  }
  return parseConfig<T>(raw, schema, defaults, file);
}

export function parseConfig<T>(raw: unknown, schema: object, defaults: Partial<T> = {}, source = 'config'): Readonly<T> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${source}: must be a JSON object`);
  // A deep copy, so ajv can fill nested "default" keywords without touching the caller's object.
  const merged = structuredClone({ ...defaults, ...(raw as object) });
  const validate = createAjv({ useDefaults: true }).compile<T>(schema);
  if (!validate(merged)) {
    const problems = toValidationDetails(validate.errors).map((d) => `${d.field} ${d.message}`);
    throw new ConfigError(`${source} is invalid: ${problems.join('; ')}`);
  }
  return deepFreeze(merged as T);
}
