import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ErrorDetail, ValidationError } from './errors';
import { domainProblem, emailProblem, passwordProblem, usernameProblem } from './grammar';

/**
 * One ajv instance with Hearth's grammar registered as formats, so JSON schemas
 * and the agent's re-validation use exactly the same rules.
 */
export function createAjv(opts: { useDefaults?: boolean } = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, coerceTypes: false, useDefaults: opts.useDefaults ?? false });
  addFormats(ajv);
  ajv.addFormat('hearth-username', { type: 'string', validate: (v) => usernameProblem(v) === null });
  ajv.addFormat('hearth-domain', { type: 'string', validate: (v) => domainProblem(v) === null });
  ajv.addFormat('hearth-email', { type: 'string', validate: (v) => emailProblem(v) === null });
  ajv.addFormat('hearth-password', { type: 'string', validate: (v) => passwordProblem(v) === null });
  return ajv;
}

const FORMAT_EXPLAINERS: Record<string, (v: unknown) => string | null> = {
  'hearth-username': usernameProblem,
  'hearth-domain': domainProblem,
  'hearth-email': emailProblem,
  'hearth-password': passwordProblem,
};

function fieldOf(err: ErrorObject): string {
  const path = err.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (err.keyword === 'required') {
    const missing = (err.params as { missingProperty: string }).missingProperty;
    return path ? `${path}.${missing}` : missing;
  }
  if (err.keyword === 'additionalProperties') {
    const extra = (err.params as { additionalProperty: string }).additionalProperty;
    return path ? `${path}.${extra}` : extra;
  }
  return path || '(body)';
}

function messageOf(err: ErrorObject): string {
  if (err.keyword === 'required') return 'is required';
  if (err.keyword === 'additionalProperties') return 'is not an accepted field';
  if (err.keyword === 'format') {
    const explain = FORMAT_EXPLAINERS[(err.params as { format: string }).format];
    const why = explain?.(err.data);
    if (why) return why;
  }
  return err.message ?? 'is invalid';
}

/** Turns ajv errors into one detail per field (the first problem of each field). */
export function toValidationDetails(errors: ErrorObject[] | null | undefined): ErrorDetail[] {
  const byField = new Map<string, string>();
  for (const err of errors ?? []) {
    const field = fieldOf(err);
    if (!byField.has(field)) byField.set(field, messageOf(err));
  }
  return [...byField].map(([field, message]) => ({ field, message }));
}

/** Validates or throws ValidationError naming every bad field. */
export function assertValid<T>(validate: ValidateFunction<T>, value: unknown, what = 'Request'): T {
  if (!validate(value)) {
    throw new ValidationError(`${what} is invalid`, toValidationDetails(validate.errors));
  }
  return value;
}
