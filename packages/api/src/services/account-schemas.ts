import { createAjv } from '@hearth/shared';

const ajv = createAjv();

export interface CreateAccountInput {
  username: string;
  domain: string;
  email: string;
  password: string;
  package_id: number;
  /** Attach to this existing customer instead of creating one (not in the seed; optional). */
  customer_id?: number;
}

/** POST /accounts, as the Opterius-compatible seed documents it; nothing else is accepted. */
export const validateCreateAccount = ajv.compile<CreateAccountInput>({
  type: 'object',
  additionalProperties: false,
  required: ['username', 'domain', 'email', 'password', 'package_id'],
  properties: {
    username: { type: 'string', format: 'hearth-username' },
    domain: { type: 'string', maxLength: 254, format: 'hearth-domain' },
    email: { type: 'string', maxLength: 254, format: 'hearth-email' },
    password: { type: 'string', maxLength: 1024, format: 'hearth-password' },
    package_id: { type: 'integer', minimum: 1, maximum: 2147483647 },
    customer_id: { type: 'integer', minimum: 1, maximum: 2147483647 },
  },
});

export const validatePagination = ajv.compile<{ page?: string; per_page?: string }>({
  type: 'object',
  properties: {
    page: { type: 'string', format: 'hearth-page' },
    per_page: { type: 'string', format: 'hearth-per-page' },
  },
});

/**
 * GET /accounts: pagination plus an exact-match username filter (how a billing system finds
 * its account), and `include=usage` (each account's usage, as GET /accounts/{id}/usage).
 */
export const validateAccountList = ajv.compile<{ page?: string; per_page?: string; username?: string; include?: 'usage' }>({
  type: 'object',
  properties: {
    page: { type: 'string', format: 'hearth-page' },
    per_page: { type: 'string', format: 'hearth-per-page' },
    username: { type: 'string', format: 'hearth-username' },
    include: { type: 'string', enum: ['usage'] },
  },
});
