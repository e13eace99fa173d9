import { createAjv } from '@hearth/shared';

const ajv = createAjv();

export interface CreateDomainBody {
  domain: string;
  type: 'addon' | 'subdomain' | 'alias';
  document_root?: string;
  target?: string;
}

export interface UpdateDomainBody {
  document_root: string;
}

const documentRoot = { type: 'string', maxLength: 255, format: 'hearth-document-root' };
const domain = { type: 'string', maxLength: 254, format: 'hearth-domain' };

/**
 * POST /accounts/{id}/domains. `target` names the domain an alias serves (required for
 * an alias, refused otherwise); an alias has no document root of its own.
 */
export const validateCreateDomain = ajv.compile<CreateDomainBody>({
  type: 'object',
  additionalProperties: false,
  required: ['domain', 'type'],
  properties: {
    domain,
    type: { type: 'string', enum: ['addon', 'subdomain', 'alias'] },
    document_root: documentRoot,
    target: domain,
  },
});

/** PATCH /accounts/{id}/domains/{domain}: only the document root can change. */
export const validateUpdateDomain = ajv.compile<UpdateDomainBody>({
  type: 'object',
  additionalProperties: false,
  required: ['document_root'],
  properties: { document_root: documentRoot },
});
