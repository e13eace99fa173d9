import { createAjv } from '@hearth/shared';

const ajv = createAjv();

export interface CreatePersonInput {
  login: string;
  password: string;
  name?: string;
  email?: string;
  reseller_id?: number;
}

export const validateCreatePerson = ajv.compile<CreatePersonInput>({
  type: 'object', additionalProperties: false, required: ['login', 'password'],
  properties: {
    login: { type: 'string', format: 'hearth-login' },
    password: { type: 'string', maxLength: 1024, format: 'hearth-password' },
    name: { type: 'string', maxLength: 128, format: 'hearth-text' },
    email: { type: 'string', maxLength: 254, format: 'hearth-email' },
    reseller_id: { type: 'integer', minimum: 1, maximum: 2147483647 },
  },
});

export interface UpdatePersonInput {
  name?: string;
  email?: string;
  password?: string;
}

export const validateUpdatePerson = ajv.compile<UpdatePersonInput>({
  type: 'object', additionalProperties: false, minProperties: 1,
  properties: {
    name: { type: 'string', maxLength: 128, format: 'hearth-text' },
    email: { type: 'string', maxLength: 254, format: 'hearth-email' },
    password: { type: 'string', maxLength: 1024, format: 'hearth-password' },
  },
});

export const validateDeleteQuery = ajv.compile<{ cascade?: string; hard?: string }>({
  type: 'object', additionalProperties: false,
  properties: { cascade: { type: 'string', enum: ['true', 'false'] }, hard: { type: 'string', enum: ['true', 'false'] } },
});

export const validatePeoplePage = ajv.compile<{ page?: string; per_page?: string }>({
  type: 'object', additionalProperties: false,
  properties: {
    page: { type: 'string', format: 'hearth-page' },
    per_page: { type: 'string', format: 'hearth-per-page' },
  },
});
