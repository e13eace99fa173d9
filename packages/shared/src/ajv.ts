import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ErrorDetail, ValidationError } from './errors';
import { HEARTH_FORMATS } from './validation-formats';
import { toValidationDetails } from './ajv-messages';

export { toValidationDetails, describeAjvError } from './ajv-messages';

/**
 * One ajv instance with Hearth's grammar registered as formats, so JSON schemas
 * and the agent's re-validation use exactly the same rules. `verbose` keeps the
 * offending value and schema in each error: the messages are built from them.
 */
export function createAjv(opts: { useDefaults?: boolean } = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, coerceTypes: false, verbose: true, useDefaults: opts.useDefaults ?? false });
  addFormats(ajv);
  for (const [name, problem] of Object.entries(HEARTH_FORMATS)) {
    ajv.addFormat(name, { type: 'string', validate: (v) => problem(v) === null });
  }
  return ajv;
}

/** Every problem of `value` as one detail per field; empty when it is valid. */
export function validationDetails<T>(validate: ValidateFunction<T>, value: unknown): ErrorDetail[] {
  return validate(value) ? [] : toValidationDetails(validate.errors);
}

/** Validates or throws ValidationError naming every bad field. */
export function assertValid<T>(validate: ValidateFunction<T>, value: unknown, what = 'Request'): T {
  if (!validate(value)) {
    throw new ValidationError(`${what} is invalid`, toValidationDetails(validate.errors));
  }
  return value;
}
