import { promises as fs } from 'node:fs';
import { ConflictError, NotFoundError, ValidationError, domainProblem, normaliseDomain, usernameProblem } from '@hearth/shared';
import type { AccountStateMsg, CreateAccountRequestMsg, AccountRefRequestMsg, PackageLimitsMsg } from '@hearth/shared';
import { OperationRunner } from './operation-runner';
import { AccountSpec, StepContext } from './step';
import { ACCOUNT_PROBES, createAccount, deleteAccount, repairAccount, suspendAccount, unsuspendAccount } from './account-steps';
import { inventory, orphanRemovalPlan } from './host-inventory';
import { findUser as findAnyUser } from '../users/passwd';
import { findManagedUser, homeOf } from '../users/managed-user';
import { findUser } from '../users/passwd';
import { isLoginLocked } from '../users/login-lock-step';
import { requireDomainUnclaimed, requireLifecycleDomain } from './account-ownership';

const OPERATION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{7,63}$/;

/** Re-validates every field with the shared grammar: the agent trusts nobody. */
export function checkOperationId(id: string): void {
  if (!OPERATION_ID.test(id)) throw new ValidationError('operation_id is invalid', [{ field: 'operation_id', message: 'must be 8-64 characters of [A-Za-z0-9_-]' }]);
}

/** Re-validates an account reference (username, canonical domain). */
export function checkRef(username: string, domain: string): { username: string; domain: string } {
  const details = [];
  const u = usernameProblem(username);
  if (u) details.push({ field: 'username', message: u });
  const d = domainProblem(domain);
  if (d) details.push({ field: 'domain', message: d });
  if (!d && normaliseDomain(domain) !== domain) details.push({ field: 'domain', message: 'must be in canonical form' });
  if (details.length) throw new ValidationError('Invalid account reference', details);
  return { username, domain };
}

function toLimits(msg: PackageLimitsMsg | undefined): AccountSpec['limits'] {
  const php = msg?.php_version || '8.2';
  if (!/^[5-9]\.[0-9]{1,2}$/.test(php)) throw new ValidationError('Invalid PHP version', [{ field: 'limits.php_version', message: 'must look like 8.2' }]);
  const num = (n: number | undefined, field: string, max: number): number => {
    const v = Number(n ?? 0);
    if (!Number.isInteger(v) || v < 0 || v > max) throw new ValidationError('Invalid limit', [{ field: `limits.${field}`, message: `must be an integer 0-${max}` }]);
    return v;
  };
  return {
    phpVersion: php,
    phpWorkers: num(msg?.php_workers, 'php_workers', 1000),
    phpMemoryMb: num(msg?.php_memory_mb, 'php_memory_mb', 65536),
    diskQuotaMb: num(msg?.disk_quota_mb, 'disk_quota_mb', 100_000_000),
  };
}

/**
 * The account lifecycle as the gRPC handlers see it. Operations on one username are
 * serialised; each runs through the journaled runner.
 */
export class AccountOperations {

  constructor(private readonly runner: OperationRunner, private readonly ctx: StepContext) {}

  async create(req: CreateAccountRequestMsg): Promise<AccountStateMsg> {
    checkOperationId(req.operation_id);
    const spec: AccountSpec = { ...checkRef(req.username, req.domain), limits: toLimits(req.limits) };
    return this.ctx.services.accountLocks.run(spec.username, async () => {
      if (!(await this.runner.has(req.operation_id))) {
        await this.precheckCreate(spec.username);
        await requireDomainUnclaimed(this.ctx, spec.username, spec.domain);
      }
      return this.runner.run(req.operation_id, createAccount, spec, () => this.state(spec.username, spec.domain));
    });
  }

  /** Refuses before any step runs, so a refusal never touches existing host state. */
  async precheckCreate(username: string): Promise<void> {
    if (await findUser(username)) throw new ConflictError(`Linux user ${username} already exists`);
    const home = await fs.lstat(homeOf(this.ctx.config, username)).catch(() => null);
    if (home) throw new ConflictError(`${homeOf(this.ctx.config, username)} already exists`);
  }

  async delete(req: AccountRefRequestMsg): Promise<void> {
    checkOperationId(req.operation_id);
    const spec = this.specFor(req);
    await this.ctx.services.accountLocks.run(spec.username, async () => {
      if (!(await this.runner.has(req.operation_id))) await requireLifecycleDomain(this.ctx, spec.username, spec.domain);
      await this.runner.run(req.operation_id, deleteAccount, spec, async () => ({}));
    });
  }

  async suspend(req: AccountRefRequestMsg): Promise<AccountStateMsg> {
    return this.toggle(req, suspendAccount);
  }

  async unsuspend(req: AccountRefRequestMsg): Promise<AccountStateMsg> {
    return this.toggle(req, unsuspendAccount);
  }

  private async toggle(req: AccountRefRequestMsg, def: typeof suspendAccount): Promise<AccountStateMsg> {
    checkOperationId(req.operation_id);
    const spec = this.specFor(req);
    return this.ctx.services.accountLocks.run(spec.username, async () => {
      const known = await this.runner.has(req.operation_id);
      if (!known && !(await findManagedUser(this.ctx.config, spec.username))) {
        throw new NotFoundError(`Account ${spec.username} does not exist on this host`);
      }
      if (!known) await requireLifecycleDomain(this.ctx, spec.username, spec.domain);
      return this.runner.run(req.operation_id, def, spec, () => this.state(spec.username, spec.domain));
    });
  }

  inventory() {
    return inventory(this.ctx);
  }

  async repair(req: CreateAccountRequestMsg): Promise<AccountStateMsg> {
    checkOperationId(req.operation_id);
    const spec: AccountSpec = { ...checkRef(req.username, req.domain), limits: toLimits(req.limits) };
    return this.ctx.services.accountLocks.run(spec.username, async () => {
      const user = await findAnyUser(spec.username);
      if (user && !(await findManagedUser(this.ctx.config, spec.username).catch(() => null))) {
        throw new ConflictError(`Linux user ${spec.username} exists and is not managed by Hearth`);
      }
      if (!(await this.runner.has(req.operation_id))) await requireLifecycleDomain(this.ctx, spec.username, spec.domain);
      return this.runner.run(req.operation_id, repairAccount, spec, () => this.state(spec.username, spec.domain));
    });
  }

  async removeOrphan(req: { operation_id: string; kind: string; name: string }): Promise<void> {
    checkOperationId(req.operation_id);
    if (!/^[a-z_]{1,32}$/.test(req.kind) || !/^[a-z0-9._-]{1,253}$/.test(req.name)) {
      throw new ValidationError('Invalid orphan reference', [{ field: 'name', message: 'is invalid' }]);
    }
    if (req.kind === 'account' && usernameProblem(req.name)) throw new ValidationError('Invalid orphan reference', [{ field: 'name', message: 'is not a username' }]);
    const plan = await orphanRemovalPlan(this.ctx, req.kind, req.name);
    if ('deleteSpec' in plan) {
      await this.ctx.services.accountLocks.run(req.name, () => this.runner.run(req.operation_id, deleteAccount, plan.deleteSpec, async () => ({})));
      return;
    }
    await plan();
  }

  private specFor(req: AccountRefRequestMsg): AccountSpec {
    return { ...checkRef(req.username, req.domain), limits: toLimits(undefined) };
  }

  async state(username: string, domain: string): Promise<AccountStateMsg> {
    checkRef(username, domain);
    const user = await findManagedUser(this.ctx.config, username).catch(() => null);
    const home = homeOf(this.ctx.config, username);
    const homeStat = await fs.lstat(home).catch(() => null);
    const components: string[] = [];
    if (user) components.push('user');
    if (homeStat?.isDirectory()) components.push('home');
    for (const probe of ACCOUNT_PROBES) {
      if (await probe({ username, domain }, this.ctx)) components.push(probe.component);
    }
    return {
      username, domain, exists: user !== null,
      suspended: user !== null && (await isLoginLocked(this.ctx, username)),
      uid: user?.uid ?? 0, home, components,
    };
  }
}
