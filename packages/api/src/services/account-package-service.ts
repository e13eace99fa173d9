import { randomUUID } from 'node:crypto';
import { AgentUnavailableError, assertValid, ConflictError, createAjv, ValidationError } from '@hearth/shared';
import type { AccountAgent } from '../agent/grpc-account-agent';
import type { KnexAccountStore } from '../stores/knex-account-store';
import type { KnexPackageStore, PackageRecord } from '../stores/knex-package-store';
import type { AccountRecord } from '../stores/account-record';
import type { LicenseService } from './license-service';
import { AccountService, AccountView, limitsOf, toView } from './account-service';
import type { AccountUsageCounts } from './account-usage-counts';
import { ALL, OwnerScope } from '../http/principal';

const ajv = createAjv();
const validatePackageChange = ajv.compile<{ package_id: number }>({
  type: 'object',
  additionalProperties: false,
  required: ['package_id'],
  properties: { package_id: { type: 'integer', minimum: 1, maximum: 2147483647 } },
});

/**
 * POST /accounts/{id}/package: moves an account to another package. The new limits are
 * applied on the host first (one agent operation: record, kernel quota, PHP-FPM pool, with
 * undo), and only then does the row name the new package, so the panel never claims limits
 * the host does not have. A package that allows less than the account uses is refused
 * before anything changes.
 */
export class AccountPackageService {
  constructor(
    private readonly accounts: AccountService,
    private readonly store: KnexAccountStore,
    private readonly packages: KnexPackageStore,
    private readonly agent: AccountAgent,
    private readonly usage: AccountUsageCounts,
    private readonly license: LicenseService,
  ) {}

  async change(id: number, body: unknown, scope: OwnerScope = ALL): Promise<AccountView> {
    this.license.assertWritable();
    const row = await this.accounts.find(id, scope);
    const { package_id: packageId } = assertValid(validatePackageChange, body);
    const pkg = await this.packages.get(packageId);
    if (!pkg) throw new ValidationError('Request is invalid', [{ field: 'package_id', message: `must name an existing package (there is no package ${packageId})` }]);
    await this.apply(row, pkg);
    return toView({ ...row, package_id: pkg.id });
  }

  /**
   * Applies `pkg` to one account (also what PATCH /packages/{id} runs per account, without
   * the usage check): 409 when the account is not active or uses more than the package
   * allows; otherwise the agent applies the limits and the row takes the package.
   */
  async apply(row: AccountRecord, pkg: PackageRecord, operationId: string = randomUUID(), opts: { checkUsage: boolean } = { checkUsage: true }): Promise<void> {
    if (row.status !== 'active') {
      throw new ConflictError(`The account is ${row.status}; package limits are applied to active accounts only`, [{ field: 'status', message: `is ${row.status}` }]);
    }
    // An edited package's counts are not re-checked per account (PATCH /packages): an
    // account over a lowered count keeps what it has and cannot add more.
    const over = opts.checkUsage ? await this.usage.overLimits(row, pkg) : [];
    if (over.length > 0) throw new ConflictError(`Package ${pkg.name} allows less than account ${row.username} uses`, over);
    await this.agent.assertAnswering();
    try {
      await this.agent.changeAccountLimits({ operation_id: operationId, username: row.username, domain: row.domain, limits: limitsOf(pkg) });
    } catch (e) {
      // The connection broke after the request went out: the agent may have applied it.
      // If it says so, the row follows; otherwise the error stands and a retry re-applies.
      const uncertain = e instanceof AgentUnavailableError && e.delivered !== false;
      if (!uncertain || (await this.agent.getOperation(operationId).catch(() => null))?.state !== 'succeeded') throw e;
    }
    await this.store.setPackage(row.id, pkg.id);
  }
}
