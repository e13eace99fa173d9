import { promises as fs } from 'node:fs';
import { ConflictError, Laps, NotFoundError, ValidationError, usernameProblem } from '@hearth/shared';
import type { AccountStateMsg, CreateAccountRequestMsg, AccountRefRequestMsg, ChangeAccountLimitsRequestMsg } from '@hearth/shared';
import type { LimitsChange } from '../operations/limits-change';
import { readAccountRecord } from '../operations/account-record';
import type { OperationDef, OperationRunner } from '../operations/operation-runner';
import type { AccountSpec, StepContext } from '../operations/step';
import { checkOperationId, checkRef, toLimits } from '../operations/request-checks';
import type { AccountLifecycle } from './account-lifecycle';
import { inventory, orphanRemovalPlan } from './host-inventory';
import { findUser as findAnyUser } from '../users/passwd';
import { findManagedUser, homeOf } from '../users/managed-user';
import { findUser } from '../users/passwd';
import { isLoginLocked } from '../users/login-lock-step';
import { requireDomainUnclaimed, requireLifecycleDomain } from '../operations/account-ownership';

/**
 * The account lifecycle as the gRPC handlers see it. Operations on one username are
 * serialised; each runs through the journaled runner.
 */
export class AccountOperations<P> {
  constructor(
    private readonly runner: OperationRunner<P>,
    private readonly ctx: StepContext<P>,
    private readonly lifecycle: AccountLifecycle<P>,
  ) {}

  async create(req: CreateAccountRequestMsg): Promise<AccountStateMsg> {
    checkOperationId(req.operation_id);
    const spec: AccountSpec = { ...checkRef(req.username, req.domain), limits: toLimits(req.limits) };
    const laps = new Laps();
    const state = await this.ctx.parts.accountLocks.run(spec.username, async () => {
      laps.lap('lock');
      if (!(await this.runner.has(req.operation_id))) {
        await this.precheckCreate(spec.username);
        laps.lap('precheck');
        await requireDomainUnclaimed(this.ctx, spec.username, spec.domain);
        laps.lap('unclaimed');
      }
      return this.runner.run(req.operation_id, this.lifecycle.create, spec, () => this.state(spec.username, spec.domain));
    });
    laps.lap('run');
    // Where a create's time goes before and around its steps (bench/README.md).
    this.ctx.log.debug({ username: spec.username, ms: laps.all }, 'create answered');
    return state;
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
    await this.ctx.parts.accountLocks.run(spec.username, async () => {
      if (!(await this.runner.has(req.operation_id))) await requireLifecycleDomain(this.ctx, spec.username, spec.domain);
      await this.runner.run(req.operation_id, this.lifecycle.delete, spec, async () => ({}));
    });
  }

  async suspend(req: AccountRefRequestMsg): Promise<AccountStateMsg> {
    return this.toggle(req, this.lifecycle.suspend);
  }

  async unsuspend(req: AccountRefRequestMsg): Promise<AccountStateMsg> {
    return this.toggle(req, this.lifecycle.unsuspend);
  }

  private async toggle(req: AccountRefRequestMsg, def: OperationDef<AccountSpec, P>): Promise<AccountStateMsg> {
    checkOperationId(req.operation_id);
    const spec = this.specFor(req);
    return this.ctx.parts.accountLocks.run(spec.username, async () => {
      const known = await this.runner.has(req.operation_id);
      if (!known && !(await findManagedUser(this.ctx.config, spec.username))) {
        throw new NotFoundError(`Account ${spec.username} does not exist on this host`);
      }
      if (!known) await requireLifecycleDomain(this.ctx, spec.username, spec.domain);
      return this.runner.run(req.operation_id, def, spec, () => this.state(spec.username, spec.domain));
    });
  }

  /**
   * A package change. Refused before any step when the account is not on this host or is
   * suspended (its pool is parked; unsuspend restores the parked bytes). The previous
   * limits come from the agent's record and travel in the journaled input, so undo and
   * recovery know what to put back. The PHP version stays the account's.
   */
  async changeLimits(req: ChangeAccountLimitsRequestMsg): Promise<AccountStateMsg> {
    checkOperationId(req.operation_id);
    const ref = checkRef(req.username, req.domain);
    const wanted = toLimits(req.limits);
    return this.ctx.parts.accountLocks.run(ref.username, async () => {
      if (await this.runner.has(req.operation_id)) {
        // A replay answers from the journal (or joins the running call): the input is not read.
        return this.runner.run(req.operation_id, this.lifecycle.changeLimits, null as unknown as LimitsChange, () => this.state(ref.username, ref.domain));
      }
      const record = await readAccountRecord(this.ctx, ref.username);
      if (!record || !(await findManagedUser(this.ctx.config, ref.username))) {
        throw new NotFoundError(`Account ${ref.username} does not exist on this host`);
      }
      await requireLifecycleDomain(this.ctx, ref.username, ref.domain);
      if (await isLoginLocked(this.ctx, ref.username)) {
        throw new ConflictError(`Account ${ref.username} is suspended; its limits change after unsuspend`, [{ field: 'status', message: 'is suspended' }]);
      }
      const change: LimitsChange = { ...ref, before: record.limits, limits: { ...wanted, phpVersion: record.limits.phpVersion } };
      return this.runner.run(req.operation_id, this.lifecycle.changeLimits, change, () => this.state(ref.username, ref.domain));
    });
  }

  inventory() {
    return inventory(this.ctx, this.lifecycle);
  }

  async repair(req: CreateAccountRequestMsg): Promise<AccountStateMsg> {
    checkOperationId(req.operation_id);
    const spec: AccountSpec = { ...checkRef(req.username, req.domain), limits: toLimits(req.limits) };
    return this.ctx.parts.accountLocks.run(spec.username, async () => {
      const user = await findAnyUser(spec.username);
      if (user && !(await findManagedUser(this.ctx.config, spec.username).catch(() => null))) {
        throw new ConflictError(`Linux user ${spec.username} exists and is not managed by Hearth`);
      }
      if (!(await this.runner.has(req.operation_id))) await requireLifecycleDomain(this.ctx, spec.username, spec.domain);
      return this.runner.run(req.operation_id, this.lifecycle.repair, spec, () => this.state(spec.username, spec.domain));
    });
  }

  async removeOrphan(req: { operation_id: string; kind: string; name: string }): Promise<void> {
    checkOperationId(req.operation_id);
    if (!/^[a-z_]{1,32}$/.test(req.kind) || !/^[a-z0-9._-]{1,253}$/.test(req.name)) {
      throw new ValidationError('Invalid orphan reference', [{ field: 'name', message: 'is invalid' }]);
    }
    if (req.kind === 'account' && usernameProblem(req.name)) throw new ValidationError('Invalid orphan reference', [{ field: 'name', message: 'is not a username' }]);
    const plan = await orphanRemovalPlan(this.ctx, this.lifecycle, req.kind, req.name);
    if ('deleteSpec' in plan) {
      await this.ctx.parts.accountLocks.run(req.name, () => this.runner.run(req.operation_id, this.lifecycle.delete, plan.deleteSpec, async () => ({})));
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
    for (const probe of this.lifecycle.probes) {
      if (await probe({ username, domain }, this.ctx)) components.push(probe.component);
    }
    return {
      username, domain, exists: user !== null,
      suspended: user !== null && (await isLoginLocked(this.ctx, username)),
      uid: user?.uid ?? 0, home, components,
    };
  }
}
