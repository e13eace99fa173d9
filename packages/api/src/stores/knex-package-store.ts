import type { Knex } from 'knex';
import { ConflictError } from '@hearth/shared';
import { isDuplicateKey } from '../db';

export interface PackageRecord {
  id: number;
  name: string;
  php_versions: string[];
  disk_quota_mb: number;
  bandwidth_mb: number;
  max_domains: number;
  max_subdomains: number;
  max_databases: number;
  max_email_accounts: number;
  php_workers: number;
  php_memory_mb: number;
  created_at: Date;
  updated_at: Date;
}

export type PackageFields = Omit<PackageRecord, 'id' | 'created_at' | 'updated_at'>;

function fromRow(row: Record<string, unknown>): PackageRecord {
  const versions = typeof row.php_versions === 'string' ? JSON.parse(row.php_versions) : row.php_versions;
  return { ...(row as unknown as PackageRecord), php_versions: versions as string[] };
}

function toRow(fields: Partial<PackageFields>): Record<string, unknown> {
  return fields.php_versions ? { ...fields, php_versions: JSON.stringify(fields.php_versions) } : { ...fields };
}

export class KnexPackageStore {
  constructor(private readonly db: Knex) {}

  async list(): Promise<PackageRecord[]> {
    return (await this.db('packages').orderBy('id')).map(fromRow);
  }

  async get(id: number): Promise<PackageRecord | undefined> {
    const row = await this.db('packages').where({ id }).first();
    return row ? fromRow(row) : undefined;
  }

  async create(fields: PackageFields): Promise<PackageRecord> {
    try {
      const [id] = await this.db('packages').insert(toRow(fields));
      return (await this.get(id))!;
    } catch (e) {
      if (isDuplicateKey(e)) throw new ConflictError(`A package named ${fields.name} exists`, [{ field: 'name', message: 'is already in use' }]);
      throw e;
    }
  }

  async update(id: number, fields: Partial<PackageFields>): Promise<PackageRecord | undefined> {
    try {
      await this.db('packages').where({ id }).update({ ...toRow(fields), updated_at: this.db.fn.now() });
    } catch (e) {
      if (isDuplicateKey(e)) throw new ConflictError(`A package named ${fields.name} exists`, [{ field: 'name', message: 'is already in use' }]);
      throw e;
    }
    return this.get(id);
  }

  async remove(id: number): Promise<void> {
    await this.db('packages').where({ id }).delete();
  }
}
