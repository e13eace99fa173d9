import { createAjv, DB_IDENTIFIER_MAX, DB_PRIVILEGES } from '@hearth/shared';

const ajv = createAjv();

/**
 * Request bodies of /accounts/{id}/databases and /database-users. Shape only: whether a
 * name belongs to the account is checked against its username in database-service.ts.
 * The length cap here just keeps absurd strings out of error messages.
 */
const name = { type: 'string', minLength: 1, maxLength: DB_IDENTIFIER_MAX + 64 };
const grants = {
  type: 'array',
  maxItems: 64,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['database'],
    properties: {
      database: name,
      privileges: { type: 'array', minItems: 1, maxItems: DB_PRIVILEGES.length, uniqueItems: true, items: { type: 'string', enum: [...DB_PRIVILEGES] } },
    },
  },
};

export interface GrantBody {
  database: string;
  privileges?: string[];
}

export const validateCreateDatabase = ajv.compile<{ name: string }>({
  type: 'object', additionalProperties: false, required: ['name'], properties: { name },
});

export const validateCreateDatabaseUser = ajv.compile<{ name: string; password: string; grants?: GrantBody[] }>({
  type: 'object',
  additionalProperties: false,
  required: ['name', 'password'],
  properties: { name, password: { type: 'string', maxLength: 1024, format: 'hearth-password' }, grants },
});

export const validateUpdateDatabaseUser = ajv.compile<{ password?: string; grants?: GrantBody[] }>({
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { password: { type: 'string', maxLength: 1024, format: 'hearth-password' }, grants },
});
