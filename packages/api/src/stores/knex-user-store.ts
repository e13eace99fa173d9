import type { Knex } from 'knex';
import { ConflictError } from '@hearth/shared';
import { isDuplicateKey } from '../db';
import type { Role } from '../http/principal';

export interface PersonRecord {
  id: number;
  role: Role;
  login: string;
  password_hash: string;
  name: string;
  email: string | null;
  reseller_id: number | null;
  status: 'active' | 'deleted';
  deleted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface NewPerson {
  role: Role;
  login: string;
  password_hash: string;
  name?: string;
  email?: string | null;
  reseller_id?: number | null;
}

export type PersonPatch = Partial<Pick<PersonRecord, 'name' | 'email' | 'password_hash' | 'reseller_id'>>;

export interface PersonFilter {
  role?: Role | Role[];
  resellerId?: number;
  /** Include soft-deleted people (default: only active). */
  withDeleted?: boolean;
}

/** People: administrators, masters, resellers and customers (the `people` table). */
export class KnexUserStore {
  constructor(private readonly db: Knex) {}

  async insert(person: NewPerson, trx: Knex = this.db): Promise<PersonRecord> {
    try {
      const [id] = await trx('people').insert({ ...person, login_key: person.login });
      return (await trx<PersonRecord>('people').where({ id }).first())!;
    } catch (e) {
      if (isDuplicateKey(e)) throw new ConflictError(`The login ${person.login} is already in use`, [{ field: 'login', message: 'is already in use' }]);
      throw e;
    }
  }

  get(id: number, trx: Knex = this.db): Promise<PersonRecord | undefined> {
    return trx<PersonRecord>('people').where({ id }).first();
  }

  /** Only active people can log in; deleted ones no longer hold their login. */
  findActiveByLogin(login: string): Promise<PersonRecord | undefined> {
    return this.db('people').where({ login_key: login, status: 'active' }).first();
  }

  async list(filter: PersonFilter, offset: number, limit: number): Promise<{ rows: PersonRecord[]; total: number }> {
    const q = (): Knex.QueryBuilder => {
      const b = this.db('people');
      if (Array.isArray(filter.role)) b.whereIn('role', filter.role);
      else if (filter.role) b.where({ role: filter.role });
      if (filter.resellerId !== undefined) b.where({ reseller_id: filter.resellerId });
      if (!filter.withDeleted) b.where({ status: 'active' });
      return b;
    };
    const rows = await q().clone().orderBy('id').offset(offset).limit(limit);
    const [{ n }] = await q().count({ n: '*' });
    return { rows, total: Number(n) };
  }

  async update(id: number, patch: PersonPatch): Promise<void> {
    await this.db('people').where({ id }).update({ ...patch, updated_at: this.db.fn.now() });
  }

  /** Soft delete: the record stays (audit, billing history), the login is freed and disabled. */
  async markDeleted(id: number, at: Date): Promise<boolean> {
    return (await this.db('people').where({ id, status: 'active' }).update({ status: 'deleted', login_key: null, deleted_at: at, updated_at: at })) === 1;
  }

  /** Hard delete: the personal data is gone; sessions go with it (FK cascade). */
  async remove(id: number): Promise<void> {
    await this.db('people').where({ id }).delete();
  }

  async countCustomersOf(resellerId: number): Promise<number> {
    const [{ n }] = await this.db('people').where({ reseller_id: resellerId, status: 'active' }).count({ n: '*' });
    return Number(n);
  }

  async countPeopleOf(resellerId: number): Promise<number> {
    const [{ n }] = await this.db('people').where({ reseller_id: resellerId }).count({ n: '*' });
    return Number(n);
  }
}
