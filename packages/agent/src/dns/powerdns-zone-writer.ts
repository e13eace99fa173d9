import { createPool, Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import {
  ConflictError, DependencyUnavailableError, DnsRecord, DnsRecordInput, HearthError, NotFoundError, ValidationError,
  assertChangeable, assertFitsZone, isProtectedRecord, parentDomains,
} from '@hearth/shared';
import type { DnsSettings } from './dns-config';
import type { ZoneSnapshot, ZoneWriter } from './zone-writer';
import { defaultZoneRows, PdnsRow } from './default-zone';
import { contentFromPdns, contentToPdns } from './pdns-content';
import { formatSoa, nextSerial, parseSoa } from './soa-serial';

/** Errors that mean "the pdns database cannot be reached", not "the statement is wrong". */
const UNREACHABLE = new Set([
  'ECONNREFUSED', 'ENOENT', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'EACCES', 'EHOSTUNREACH', 'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN', 'ER_ACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR',
  'ER_DBACCESS_DENIED_ERROR', 'ER_BAD_DB_ERROR', 'ER_NO_SUCH_TABLE', 'ER_LOCK_WAIT_TIMEOUT',
]);

function isUnreachable(e: unknown): boolean {
  const err = e as { code?: unknown; fatal?: unknown };
  return (typeof err?.code === 'string' && UNREACHABLE.has(err.code)) || err?.fatal === true;
}

/** Zone creations take this server-wide lock so two overlapping zones can never both pass the check. */
const CREATE_LOCK = 'hearth_pdns_zone_create';
const MAX_RECORDS_PER_ZONE = 2000;

interface RecordRow extends RowDataPacket {
  id: string | number;
  name: string;
  type: string;
  content: string;
  ttl: number;
  prio: number | null;
}

/** LIKE pattern for "any name below zone"; zones are [a-z0-9.-] but escape anyway. */
function belowPattern(zone: string): string {
  return `%.${zone.replace(/[\\%_]/g, (m) => `\\${m}`)}`;
}

/**
 * Writes zones into the PowerDNS `gmysql` schema (`domains`, `records`). PowerDNS reads
 * the tables on every query (its caches are off in Hearth's pdns.conf), so a committed
 * transaction is what the world sees. The zone's owner is kept in `domains.account`.
 */
export class PowerDnsZoneWriter implements ZoneWriter {
  private readonly pool: Pool;

  constructor(private readonly settings: DnsSettings, private readonly now: () => Date = () => new Date()) {
    const db = settings.db;
    this.pool = createPool({
      ...(db.socketPath ? { socketPath: db.socketPath } : { host: db.host, port: db.port }),
      user: db.user,
      password: db.password || undefined,
      database: db.database,
      connectTimeout: db.connectTimeoutMs,
      connectionLimit: 4,
      multipleStatements: false,
      supportBigNumbers: true,
      bigNumberStrings: true,
      // Only query() is used, never execute(): mysql2's prepared-statement cache would
      // otherwise allocate room for 16,000 statements per connection (about 0.5 MB each).
      maxPreparedStatements: 16,
    });
    // Fail fast rather than queue behind a lock for 50 s; `\` is LIKE's escape character.
    this.pool.on('connection', (conn) => {
      conn.query("SET SESSION sql_mode = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', innodb_lock_wait_timeout = 10");
    });
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }

  /** Runs `work` in one transaction on one connection; maps connection failures to UNAVAILABLE. */
  private async transaction<T>(work: (c: PoolConnection) => Promise<T>, lock?: string): Promise<T> {
    let conn: PoolConnection;
    try {
      conn = await this.pool.getConnection();
    } catch (e) {
      throw this.unavailable(e);
    }
    let broken = false;
    try {
      if (lock) {
        const [rows] = await conn.query<RowDataPacket[]>('SELECT GET_LOCK(?, 10) AS got', [lock]);
        if (Number(rows[0]?.got) !== 1) throw new DependencyUnavailableError('Timed out waiting for another DNS zone change');
      }
      await conn.beginTransaction();
      const value = await work(conn);
      await conn.commit();
      return value;
    } catch (e) {
      broken = isUnreachable(e);
      if (!broken) await conn.rollback().catch(() => undefined);
      if (e instanceof HearthError) throw e;
      if (broken) throw this.unavailable(e);
      throw e;
    } finally {
      if (lock && !broken) await conn.query('SELECT RELEASE_LOCK(?)', [lock]).catch(() => undefined);
      if (broken) conn.destroy();
      else conn.release();
    }
  }

  private unavailable(e: unknown): HearthError {
    if (e instanceof HearthError) return e;
    return new DependencyUnavailableError(`The PowerDNS database is unavailable: ${(e as Error).message}`);
  }

  /** The zone's domains row, locked for this transaction; null when absent or another account's. */
  private async lockZone(conn: PoolConnection, zone: string, account: string): Promise<number | null> {
    const [rows] = await conn.query<RowDataPacket[]>('SELECT `id`, `account` FROM `domains` WHERE `name` = ? FOR UPDATE', [zone]);
    const row = rows[0];
    return row && row.account === account ? Number(row.id) : null;
  }

  async createZone(zone: string, account: string): Promise<void> {
    await this.transaction(async (conn) => {
      // No row locks needed: CREATE_LOCK serialises every zone creation on this server.
      const parents = parentDomains(zone);
      const [rows] = await conn.query<RowDataPacket[]>(
        `SELECT \`name\`, \`account\` FROM \`domains\` WHERE \`name\` IN (?) OR \`name\` LIKE ?`,
        [[zone, ...parents], belowPattern(zone)],
      );
      const mine = rows.find((r) => r.name === zone && r.account === account);
      const clash = rows.find((r) => r !== mine);
      if (clash) throw new ConflictError(`The DNS zone ${zone} overlaps the zone ${String(clash.name)} already served by this server`);
      if (mine) return; // applied before: the transaction made it complete
      const [inserted] = await conn.query<ResultSetHeader>(
        "INSERT INTO `domains` (`name`, `type`, `account`) VALUES (?, 'NATIVE', ?)",
        [zone, account],
      );
      await this.insertRows(conn, inserted.insertId, defaultZoneRows(zone, this.settings, this.now()));
    }, CREATE_LOCK);
  }

  private async insertRows(conn: PoolConnection, domainId: number, rows: PdnsRow[]): Promise<number> {
    const values = rows.map((r) => [domainId, r.name, r.type, r.content, r.ttl, r.prio, 0, 1]);
    const [result] = await conn.query<ResultSetHeader>(
      'INSERT INTO `records` (`domain_id`, `name`, `type`, `content`, `ttl`, `prio`, `disabled`, `auth`) VALUES ?',
      [values],
    );
    return result.insertId;
  }

  async deleteZone(zone: string, account: string): Promise<void> {
    await this.transaction(async (conn) => {
      const id = await this.lockZone(conn, zone, account);
      if (id === null) return;
      for (const table of ['records', 'comments', 'domainmetadata', 'cryptokeys']) {
        await conn.query(`DELETE FROM \`${table}\` WHERE \`domain_id\` = ?`, [id]);
      }
      await conn.query('DELETE FROM `domains` WHERE `id` = ?', [id]);
    });
  }

  async hasZone(zone: string, account: string): Promise<boolean> {
    return this.transaction(async (conn) => {
      const [rows] = await conn.query<RowDataPacket[]>('SELECT `account` FROM `domains` WHERE `name` = ?', [zone]);
      return rows.some((r) => r.account === account);
    });
  }

  async listZones(): Promise<{ zone: string; account: string }[]> {
    return this.transaction(async (conn) => {
      const [rows] = await conn.query<RowDataPacket[]>('SELECT `name`, `account` FROM `domains` ORDER BY `name`');
      return rows.map((r) => ({ zone: String(r.name), account: r.account === null ? '' : String(r.account) }));
    });
  }

  private async readRecords(conn: PoolConnection, zone: string, domainId: number): Promise<ZoneSnapshot & { soaId: string | null }> {
    const [rows] = await conn.query<RecordRow[]>(
      'SELECT `id`, `name`, `type`, `content`, `ttl`, `prio` FROM `records` WHERE `domain_id` = ? AND `type` IS NOT NULL ORDER BY `name`, `type`, `id`',
      [domainId],
    );
    const records: DnsRecord[] = rows.map((r) => ({
      id: String(r.id),
      name: r.name,
      type: r.type,
      content: contentFromPdns(r.type, r.content),
      ttl: Number(r.ttl),
      priority: r.type === 'MX' || r.type === 'SRV' ? Number(r.prio ?? 0) : null,
      protected: isProtectedRecord(zone, r),
    }));
    const soa = rows.find((r) => r.type === 'SOA');
    return { records, serial: soa ? parseSoa(soa.content).serial : 0, soaId: soa ? String(soa.id) : null };
  }

  private zoneNotFound(zone: string): NotFoundError {
    return new NotFoundError(`No DNS zone ${zone} for this account`);
  }

  async listRecords(zone: string, account: string): Promise<ZoneSnapshot> {
    return this.transaction(async (conn) => {
      const [rows] = await conn.query<RowDataPacket[]>('SELECT `id`, `account` FROM `domains` WHERE `name` = ?', [zone]);
      if (!rows[0] || rows[0].account !== account) throw this.zoneNotFound(zone);
      const { records, serial } = await this.readRecords(conn, zone, Number(rows[0].id));
      return { records, serial };
    });
  }

  /** Moves the SOA serial forward; called inside every record-changing transaction. */
  private async bumpSerial(conn: PoolConnection, soaId: string | null): Promise<number> {
    if (soaId === null) throw new Error('the zone has no SOA record');
    const [rows] = await conn.query<RecordRow[]>('SELECT `content` FROM `records` WHERE `id` = ?', [soaId]);
    const soa = parseSoa(rows[0].content);
    const serial = nextSerial(soa.serial, this.now());
    await conn.query('UPDATE `records` SET `content` = ? WHERE `id` = ?', [formatSoa({ ...soa, serial }), soaId]);
    return serial;
  }

  async upsertRecord(zone: string, account: string, record: DnsRecordInput, id?: string): Promise<{ record: DnsRecord; serial: number }> {
    return this.transaction(async (conn) => {
      const domainId = await this.lockZone(conn, zone, account);
      if (domainId === null) throw this.zoneNotFound(zone);
      const current = await this.readRecords(conn, zone, domainId);
      if (id !== undefined) {
        const existing = current.records.find((r) => r.id === id);
        if (!existing) throw new NotFoundError(`No DNS record ${id} in ${zone}`);
        assertChangeable(zone, existing);
      } else if (current.records.length >= MAX_RECORDS_PER_ZONE) {
        throw new ValidationError(`A zone holds at most ${MAX_RECORDS_PER_ZONE} records`);
      }
      assertFitsZone(zone, current.records, record, id);
      const content = contentToPdns(record);
      let recordId = id;
      if (id !== undefined) {
        await conn.query(
          'UPDATE `records` SET `name` = ?, `type` = ?, `content` = ?, `ttl` = ?, `prio` = ? WHERE `id` = ? AND `domain_id` = ?',
          [record.name, record.type, content, record.ttl, record.priority, id, domainId],
        );
      } else {
        recordId = String(await this.insertRows(conn, domainId, [{ name: record.name, type: record.type, content, ttl: record.ttl, prio: record.priority }]));
      }
      const serial = await this.bumpSerial(conn, current.soaId);
      return { record: { ...record, id: recordId as string, protected: false }, serial };
    });
  }

  async deleteRecord(zone: string, account: string, id: string): Promise<{ serial: number }> {
    return this.transaction(async (conn) => {
      const domainId = await this.lockZone(conn, zone, account);
      if (domainId === null) throw this.zoneNotFound(zone);
      const current = await this.readRecords(conn, zone, domainId);
      const existing = current.records.find((r) => r.id === id);
      if (!existing) throw new NotFoundError(`No DNS record ${id} in ${zone}`);
      assertChangeable(zone, existing);
      await conn.query('DELETE FROM `records` WHERE `id` = ? AND `domain_id` = ?', [id, domainId]);
      return { serial: await this.bumpSerial(conn, current.soaId) };
    });
  }
}
