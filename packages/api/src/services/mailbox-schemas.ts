import { createAjv } from '@hearth/shared';

const ajv = createAjv();

/**
 * Request bodies of /accounts/{id}/mailboxes. Shape only: the local part's grammar is
 * applied in mailbox-service.ts after ASCII case folding, so "Alice" means "alice".
 */
const localPart = { type: 'string', minLength: 1, maxLength: 128 };
const password = { type: 'string', maxLength: 1024, format: 'hearth-password' };
const quota = { type: 'integer', minimum: 0, maximum: 1_048_576 };

export interface CreateMailboxBody {
  local_part: string;
  password: string;
  quota_mb?: number;
  /** One of the account's mail domains (the primary, default, or an addon domain). */
  domain?: string;
}

export interface UpdateMailboxBody {
  password?: string;
  quota_mb?: number;
}

export const validateCreateMailbox = ajv.compile<CreateMailboxBody>({
  type: 'object',
  additionalProperties: false,
  required: ['local_part', 'password'],
  properties: { local_part: localPart, password, quota_mb: quota, domain: { type: 'string', maxLength: 254, format: 'hearth-domain' } },
});

export const validateUpdateMailbox = ajv.compile<UpdateMailboxBody>({
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { password, quota_mb: quota },
});
