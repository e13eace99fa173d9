import { createAjv, validationDetails } from './ajv';

/**
 * The one mapping from ajv errors to field messages: each row is a schema, a value and
 * the exact detail a person reads in the 422 (or an operator in a config error).
 */
const ajv = createAjv();

const CASES: Array<[string, object, unknown, Array<{ field: string; message: string }>]> = [
  ['malformed email', { type: 'object', properties: { email: { type: 'string', format: 'hearth-email' } } }, { email: 'not-an-email' },
    [{ field: 'email', message: 'must be an email address' }]],
  ['short password', { type: 'object', properties: { password: { type: 'string', maxLength: 1024, format: 'hearth-password' } } }, { password: 'short' },
    [{ field: 'password', message: 'must be at least 8 characters' }]],
  ['username grammar', { type: 'object', properties: { username: { type: 'string', format: 'hearth-username' } } }, { username: 'x' },
    [{ field: 'username', message: 'must be 3-32 characters: a lowercase letter followed by lowercase letters or digits' }]],
  ['domain with an empty label', { type: 'object', properties: { domain: { type: 'string', format: 'hearth-domain' } } }, { domain: 'a..b' },
    [{ field: 'domain', message: 'has an empty label (two dots in a row, or a dot at the start)' }]],
  ['per_page out of range', { type: 'object', properties: { per_page: { type: 'string', format: 'hearth-per-page' } } }, { per_page: '200' },
    [{ field: 'per_page', message: 'must be an integer from 1 to 100' }]],
  ['per_page not a number', { type: 'object', properties: { per_page: { type: 'string', format: 'hearth-per-page' } } }, { per_page: '1e2' },
    [{ field: 'per_page', message: 'must be an integer from 1 to 100' }]],
  ['page with a leading zero', { type: 'object', properties: { page: { type: 'string', format: 'hearth-page' } } }, { page: '01' },
    [{ field: 'page', message: 'must be an integer from 1 to 9999999' }]],
  ['wrong type', { type: 'object', properties: { email: { type: 'string', format: 'hearth-email' } } }, { email: 5 },
    [{ field: 'email', message: 'must be a string' }]],
  ['bounded integer of the wrong type', { type: 'object', properties: { package_id: { type: 'integer', minimum: 1, maximum: 2147483647 } } }, { package_id: 'one' },
    [{ field: 'package_id', message: 'must be an integer from 1 to 2147483647' }]],
  ['integer below its minimum', { type: 'object', properties: { quota_mb: { type: 'integer', minimum: 0, maximum: 1048576 } } }, { quota_mb: -1 },
    [{ field: 'quota_mb', message: 'must be an integer from 0 to 1048576' }]],
  ['number with only a minimum', { type: 'object', properties: { n: { type: 'number', minimum: 2 } } }, { n: 1 },
    [{ field: 'n', message: 'must be a number at least 2' }]],
  ['required', { type: 'object', required: ['name'], properties: { name: { type: 'string' } } }, {},
    [{ field: 'name', message: 'is required' }]],
  ['unknown field', { type: 'object', additionalProperties: false, properties: {} }, { is_admin: true },
    [{ field: 'is_admin', message: 'is not an accepted field' }]],
  ['nested field path', { type: 'object', properties: { grants: { type: 'array', items: { type: 'object', required: ['database'], properties: { database: { type: 'string' } } } } } }, { grants: [{}] },
    [{ field: 'grants.0.database', message: 'is required' }]],
  ['empty string', { type: 'object', properties: { name: { type: 'string', minLength: 1 } } }, { name: '' },
    [{ field: 'name', message: 'must not be empty' }]],
  ['too long', { type: 'object', properties: { name: { type: 'string', maxLength: 3 } } }, { name: 'abcd' },
    [{ field: 'name', message: 'must be at most 3 characters' }]],
  ['empty list', { type: 'object', properties: { list: { type: 'array', minItems: 1 } } }, { list: [] },
    [{ field: 'list', message: 'must not be empty' }]],
  ['list too long', { type: 'object', properties: { list: { type: 'array', maxItems: 1 } } }, { list: [1, 2] },
    [{ field: 'list', message: 'must have at most 1 item' }]],
  ['duplicates', { type: 'object', properties: { list: { type: 'array', uniqueItems: true } } }, { list: [1, 1] },
    [{ field: 'list', message: 'must not list the same item twice' }]],
  ['enum', { type: 'object', properties: { outcome: { type: 'string', enum: ['success', 'denied'] } } }, { outcome: 'maybe' },
    [{ field: 'outcome', message: 'must be one of: success, denied' }]],
  ['no field at all', { type: 'object', minProperties: 1 }, {},
    [{ field: '(body)', message: 'must name at least one field' }]],
  ['not an object', { type: 'object' }, [1],
    [{ field: '(body)', message: 'must be a JSON object' }]],
  ['standard format', { type: 'object', properties: { since: { type: 'string', format: 'date-time' } } }, { since: 'yesterday' },
    [{ field: 'since', message: 'must be a date and time such as 2026-01-31T12:00:00Z' }]],
  ['PHP version', { type: 'object', properties: { v: { type: 'string', format: 'hearth-php-version' } } }, { v: '8' },
    [{ field: 'v', message: 'must be a PHP version such as 8.2' }]],
  ['control characters in text', { type: 'object', properties: { name: { type: 'string', format: 'hearth-text' } } }, { name: 'a\nb' },
    [{ field: 'name', message: 'must not contain control characters' }]],
  ['config pattern (operators only)', { type: 'object', properties: { db: { type: 'string', pattern: '^[a-z]+$' } } }, { db: 'A' },
    [{ field: 'db', message: 'must match the pattern ^[a-z]+$' }]],
  ['one detail per field, the first problem', { type: 'object', properties: { p: { type: 'string', minLength: 8, format: 'hearth-password' } } }, { p: 'a' },
    [{ field: 'p', message: 'must be at least 8 characters' }]],
];

describe('ajv errors → field messages', () => {
  test.each(CASES)('%s', (_name, schema, value, expected) => {
    expect(validationDetails(ajv.compile(schema), value)).toEqual(expected);
  });

  test('a valid value has no details', () => {
    expect(validationDetails(ajv.compile({ type: 'object', properties: { per_page: { type: 'string', format: 'hearth-per-page' } } }), { per_page: '100' })).toEqual([]);
  });

  test('every bad field of the create-account body is named, in schema order', () => {
    const validate = ajv.compile({
      type: 'object', additionalProperties: false, required: ['username', 'domain', 'email', 'password', 'package_id'],
      properties: {
        username: { type: 'string', format: 'hearth-username' },
        domain: { type: 'string', maxLength: 254, format: 'hearth-domain' },
        email: { type: 'string', maxLength: 254, format: 'hearth-email' },
        password: { type: 'string', maxLength: 1024, format: 'hearth-password' },
        package_id: { type: 'integer', minimum: 1, maximum: 2147483647 },
      },
    });
    const details = validationDetails(validate, { username: 'x', email: 'not-an-email', password: 'short', package_id: 'x', domain: 'a..b' });
    expect(details.map((d) => d.field)).toEqual(['username', 'domain', 'email', 'password', 'package_id']);
    for (const d of details) expect(d.message).not.toMatch(/^must be a string$|must match|must be (string|integer)$/);
  });
});
