import type { Knex } from 'knex';
import { ConflictError, HearthError } from '@hearth/shared';
import { isDuplicateKey } from '../db';

export interface MailboxRecord {
  id: number;
  account_id: number;
  local_part: string;
  address: string;
  quota_mb: number;
  created_at: Date;
  updated_at: Date;
}

export type NewMailbox = Pick<MailboxRecord, 'account_id' | 'local_part' | 'address' | 'quota_mb'>;

/** The package's max_email_accounts was reached (403, like the other package limits). */
export class MailboxLimitError extends HearthError {
  constructor(limit: number) {
    super('forbidden', `The package allows at most ${limit} email accounts`, [
      { field: 'local_part', message: 'email account limit of the package reached', reason: 'mailbox_limit_reached', limit },
    ]);
  }
}

export class KnexMailboxStore {
  constructor(private readonly db: Knex) {}

  async list(accountId: number): Promise<MailboxRecord[]> {
    return this.db<MailboxRecord>('mailboxes').where({ account_id: accountId }).orderBy('address');
  }

  async get(accountId: number, address: string): Promise<MailboxRecord | undefined> {
    return this.db<MailboxRecord>('mailboxes').where({ account_id: accountId, address }).first();
  }

  /**
   * Inserts under a lock on the account's row, so the count and the insert are one step
   * even across API processes: parallel creates can never exceed the package limit.
   * `limit` 0 means unlimited. The unique keys settle a duplicate address.
   */
  async insertWithinLimit(row: NewMailbox, limit: number): Promise<MailboxRecord> {
    try {
      return await this.db.transaction(async (trx) => {
        await trx('accounts').where({ id: row.account_id }).forUpdate().first('id');
        if (limit > 0) {
          const [{ n }] = await trx('mailboxes').where({ account_id: row.account_id }).count({ n: '*' });
          if (Number(n) >= limit) throw new MailboxLimitError(limit);
        }
        const [id] = await trx('mailboxes').insert(row);
        return (await trx<MailboxRecord>('mailboxes').where({ id }).first())!;
      });
    } catch (e) {
      if (isDuplicateKey(e)) throw new ConflictError(`Mailbox ${row.address} already exists`, [{ field: 'local_part', message: 'is already in use' }]);
      throw e;
    }
  }

  async setQuota(id: number, quotaMb: number): Promise<void> {
    await this.db('mailboxes').where({ id }).update({ quota_mb: quotaMb, updated_at: this.db.fn.now() });
  }

  async touch(id: number): Promise<void> {
    await this.db('mailboxes').where({ id }).update({ updated_at: this.db.fn.now() });
  }

  async remove(id: number): Promise<void> {
    await this.db('mailboxes').where({ id }).delete();
  }
}
