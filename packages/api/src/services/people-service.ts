import {
  assertValid, ConflictError, ForbiddenError, hashPassword, NotFoundError, normaliseEmail, ValidationError,
} from '@hearth/shared';
import { HiddenByScopeError } from './hidden-by-scope-error';
import { canSee, ownerScope, Principal, Role } from '../http/principal';
import type { KnexSessionStore } from '../stores/knex-session-store';
import type { KnexUserStore, PersonRecord } from '../stores/knex-user-store';
import { validateCreatePerson, validateDeleteQuery, validatePeoplePage, validateUpdatePerson } from './people-schemas';

export interface PersonView {
  id: number;
  role: Role;
  login: string;
  name: string;
  email: string | null;
  reseller_id: number | null;
  status: 'active' | 'deleted';
  created_at: string;
  deleted_at: string | null;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z') : null);

export function personView(p: PersonRecord): PersonView {
  return {
    id: p.id, role: p.role, login: p.login, name: p.name, email: p.email, reseller_id: p.reseller_id,
    status: p.status, created_at: iso(p.created_at)!, deleted_at: iso(p.deleted_at),
  };
}

/** Which roles may create a person of each role. MASTER cannot create ADMINs. */
const CREATORS: Record<Role, Role[]> = {
  ADMIN: ['ADMIN'],
  MASTER: ['ADMIN', 'MASTER'],
  RESALE: ['ADMIN', 'MASTER'],
  CUSTOMER: ['ADMIN', 'MASTER', 'RESALE'],
};

/**
 * People of one role at a time (customers, resellers, staff): create, list, read, update.
 * Objects outside the principal's scope are answered 404 exactly like absent ones.
 */
export class PeopleService {
  constructor(private readonly people: KnexUserStore, private readonly sessions: KnexSessionStore) {}

  async create(role: Role, body: unknown, actor: Principal): Promise<PersonView> {
    if (!CREATORS[role].includes(actor.role)) throw new ForbiddenError(`A ${actor.role} cannot create a ${role}`);
    const input = assertValid(validateCreatePerson, body);
    let resellerId: number | null = null;
    if (role === 'CUSTOMER') {
      resellerId = await this.resellerForNewCustomer(input.reseller_id, actor);
    } else if (input.reseller_id !== undefined) {
      throw new ValidationError('Request is invalid', [{ field: 'reseller_id', message: 'is accepted for customers only' }]);
    }
    const row = await this.people.insert({
      role, login: input.login, password_hash: await hashPassword(input.password), name: input.name ?? '',
      email: input.email ? normaliseEmail(input.email) : null, reseller_id: resellerId,
    });
    return personView(row);
  }

  /** POST /staff: the body names the role, ADMIN or MASTER. */
  async createStaff(body: unknown, actor: Principal): Promise<PersonView> {
    const { role, ...rest } = (body ?? {}) as Record<string, unknown>;
    if (role !== 'ADMIN' && role !== 'MASTER') throw new ValidationError('Request is invalid', [{ field: 'role', message: 'must be ADMIN or MASTER' }]);
    return this.create(role, rest, actor);
  }

  /** A reseller's customers are always its own; ADMIN/MASTER may name any active reseller. */
  async resellerForNewCustomer(requested: number | undefined, actor: Principal): Promise<number | null> {
    const scope = ownerScope(actor);
    if (scope.kind === 'customer') throw new ForbiddenError('A customer cannot create customers');
    if (scope.kind === 'reseller') {
      if (requested !== undefined && requested !== scope.resellerId) throw new ForbiddenError('A reseller creates customers for itself only');
      return scope.resellerId;
    }
    if (requested === undefined) return null;
    const reseller = await this.people.get(requested);
    if (!reseller || reseller.role !== 'RESALE' || reseller.status !== 'active') {
      throw new ValidationError('Request is invalid', [{ field: 'reseller_id', message: 'no such reseller' }]);
    }
    return reseller.id;
  }

  async list(role: Role, actor: Principal, query: unknown): Promise<{ data: PersonView[]; meta: object }> {
    const q = assertValid(validatePeoplePage, query, 'Query');
    const page = Number(q.page ?? 1);
    const perPage = Number(q.per_page ?? 25);
    const scope = ownerScope(actor);
    if (scope.kind === 'customer') {
      const self = role === 'CUSTOMER' ? await this.people.get(scope.customerId) : undefined;
      const data = self && self.status === 'active' ? [personView(self)] : [];
      return { data, meta: { page: 1, per_page: perPage, total: data.length, pages: data.length } };
    }
    const filter = { role, ...(scope.kind === 'reseller' ? { resellerId: scope.resellerId } : {}) };
    const { rows, total } = await this.people.list(filter, (page - 1) * perPage, perPage);
    return { data: rows.map(personView), meta: { page, per_page: perPage, total, pages: Math.ceil(total / perPage) } };
  }

  /** ADMIN and MASTER people (the routes let only ADMIN and MASTER ask). */
  async listStaff(_actor: Principal, query: unknown): Promise<{ data: PersonView[]; meta: object }> {
    const q = assertValid(validatePeoplePage, query, 'Query');
    const page = Number(q.page ?? 1);
    const perPage = Number(q.per_page ?? 25);
    const { rows, total } = await this.people.list({ role: ['ADMIN', 'MASTER'] }, (page - 1) * perPage, perPage);
    return { data: rows.map(personView), meta: { page, per_page: perPage, total, pages: Math.ceil(total / perPage) } };
  }

  async getStaff(id: number, actor: Principal): Promise<PersonView> {
    const person = await this.people.get(id);
    if (!person || (person.role !== 'ADMIN' && person.role !== 'MASTER')) throw new NotFoundError(`No staff member with id ${id}`);
    return personView(await this.find(person.role, id, actor));
  }

  async get(role: Role, id: number, actor: Principal): Promise<PersonView> {
    return personView(await this.find(role, id, actor));
  }

  async update(role: Role, id: number, body: unknown, actor: Principal): Promise<PersonView> {
    const person = await this.find(role, id, actor);
    if (person.role === 'ADMIN' && actor.role !== 'ADMIN') throw new ForbiddenError('Only an ADMIN can change an ADMIN');
    const input = assertValid(validateUpdatePerson, body);
    const patch: Parameters<KnexUserStore['update']>[1] = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.email !== undefined) patch.email = normaliseEmail(input.email);
    if (input.password !== undefined) patch.password_hash = await hashPassword(input.password);
    await this.people.update(id, patch);
    // A new password ends every session (and reseller-bound token) of that person.
    if (input.password !== undefined) await this.sessions.revokeAllOf(id);
    return personView((await this.people.get(id))!);
  }

  /** DELETE /staff/{id}[?hard=true]: an ADMIN or a MASTER, whichever the id names. */
  async deleteStaff(id: number, actor: Principal, query: unknown): Promise<Date> {
    const q = assertValid(validateDeleteQuery, query, 'Query');
    const person = await this.getStaff(id, actor);
    return this.remove(person.role as 'ADMIN' | 'MASTER', person.id, actor, q.hard === 'true');
  }

  /** DELETE /resellers/{id}[?hard=true]. */
  async deleteReseller(id: number, actor: Principal, query: unknown): Promise<Date> {
    const q = assertValid(validateDeleteQuery, query, 'Query');
    return this.remove('RESALE', id, actor, q.hard === 'true');
  }

  /**
   * Resellers and staff: soft delete by default; `hard` (ADMIN only) removes the record.
   * A reseller that still has customers answers 409.
   */
  private async remove(role: Exclude<Role, 'CUSTOMER'>, id: number, actor: Principal, hard: boolean): Promise<Date> {
    if (hard && actor.role !== 'ADMIN') throw new ForbiddenError('Only an ADMIN can hard-delete');
    const person = await this.find(role, id, actor, hard);
    if (person.role === 'ADMIN' && actor.role !== 'ADMIN') throw new ForbiddenError('Only an ADMIN can delete an ADMIN');
    if (actor.personId === person.id) throw new ConflictError('You cannot delete yourself');
    if (role === 'RESALE') {
      const customers = hard ? await this.people.countPeopleOf(id) : await this.people.countCustomersOf(id);
      if (customers > 0) throw new ConflictError(`The reseller still has ${customers} customers; delete or move them first`);
    }
    const at = new Date();
    await this.sessions.revokeAllOf(id);
    if (hard) await this.people.remove(id);
    else await this.people.markDeleted(id, at);
    return at;
  }

  /**
   * The person of that role, if the actor may see it. Soft-deleted people are gone for
   * every purpose but a hard delete (`includeDeleted`).
   */
  async find(role: Role, id: number, actor: Principal, includeDeleted = false): Promise<PersonRecord> {
    const person = await this.people.get(id);
    if (!person || person.role !== role || (person.status === 'deleted' && !includeDeleted)) {
      throw new NotFoundError(`No ${role.toLowerCase()} with id ${id}`);
    }
    const owner = role === 'CUSTOMER' ? { customerId: person.id, resellerId: person.reseller_id } : { customerId: null, resellerId: null };
    if (!canSee(ownerScope(actor), owner)) {
      throw new HiddenByScopeError(`No ${role.toLowerCase()} with id ${id}`);
    }
    return person;
  }
}
