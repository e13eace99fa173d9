import { assertValid, ConflictError, createAjv, NotFoundError } from '@hearth/shared';
import type { KnexPackageStore, PackageFields, PackageRecord } from '../stores/knex-package-store';
import type { KnexAccountStore } from '../stores/knex-account-store';
import type { LicenseService } from './license-service';
import type { PackageApplyService } from './package-apply-service';

/** The limits the agent applies on the host; editing one re-applies the package to its accounts. */
const HOST_LIMITS = ['php_workers', 'php_memory_mb', 'disk_quota_mb'] as const;

const ajv = createAjv();
const limit = { type: 'integer', minimum: 0, maximum: 2147483647 };
const properties = {
  name: { type: 'string', format: 'hearth-package-name' },
  php_versions: { type: 'array', minItems: 1, maxItems: 10, uniqueItems: true, items: { type: 'string', format: 'hearth-php-version' } },
  disk_quota_mb: limit, bandwidth_mb: limit, max_domains: limit, max_subdomains: limit,
  max_databases: limit, max_email_accounts: limit,
  php_workers: { type: 'integer', minimum: 0, maximum: 1000 },
  php_memory_mb: { type: 'integer', minimum: 0, maximum: 65536 },
};
const validateCreate = ajv.compile<PackageFields>({ type: 'object', additionalProperties: false, required: ['name', 'php_versions'], properties });
const validateUpdate = ajv.compile<Partial<PackageFields>>({ type: 'object', additionalProperties: false, minProperties: 1, properties });

const DEFAULTS: Omit<PackageFields, 'name' | 'php_versions'> = {
  disk_quota_mb: 0, bandwidth_mb: 0, max_domains: 0, max_subdomains: 0, max_databases: 0,
  max_email_accounts: 0, php_workers: 5, php_memory_mb: 256,
};

export function packageView(p: PackageRecord): object {
  return { ...p, created_at: new Date(p.created_at).toISOString(), updated_at: new Date(p.updated_at).toISOString() };
}

/** Hosting plans. Limits of 0 mean unlimited. */
export class PackageService {
  constructor(
    private readonly packages: KnexPackageStore,
    private readonly accounts: KnexAccountStore,
    private readonly license: LicenseService,
    private readonly applier?: PackageApplyService,
  ) {}

  async list(): Promise<object[]> {
    return (await this.packages.list()).map(packageView);
  }

  async get(id: number): Promise<object> {
    const p = await this.packages.get(id);
    if (!p) throw new NotFoundError(`No package with id ${id}`);
    return this.withApply(p);
  }

  /** The package and, once an edit re-applied it, that apply's progress (`apply`, null before). */
  private async withApply(p: PackageRecord): Promise<object> {
    return this.applier ? { ...packageView(p), apply: await this.applier.progress(p.id) } : packageView(p);
  }

  async create(body: unknown): Promise<object> {
    this.license.assertWritable();
    const fields = assertValid(validateCreate, body);
    return packageView(await this.packages.create({ ...DEFAULTS, ...fields }));
  }

  async update(id: number, body: unknown): Promise<object> {
    this.license.assertWritable();
    const fields = assertValid(validateUpdate, body);
    const before = await this.packages.get(id);
    if (!before) throw new NotFoundError(`No package with id ${id}`);
    const updated = await this.packages.update(id, fields);
    if (!updated) throw new NotFoundError(`No package with id ${id}`);
    if (this.applier && HOST_LIMITS.some((k) => updated[k] !== before[k])) await this.applier.start(id);
    return this.withApply(updated);
  }

  async delete(id: number): Promise<void> {
    this.license.assertWritable();
    if (!(await this.packages.get(id))) throw new NotFoundError(`No package with id ${id}`);
    if ((await this.accounts.usingPackage(id)) > 0) throw new ConflictError('Accounts still use this package');
    await this.packages.remove(id);
  }
}
