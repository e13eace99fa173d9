import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PhpConfig } from './web-config';
import { shardOf, withShard } from './web-config';
import type { WebAccount } from './web-paths';

/** Which PHP-FPM master (shard) holds an account's pool. */
export interface PoolShards {
  shardOf(account: WebAccount): number;
}

/** The shard a username hashes to (FNV-1a): where pools went before placement, and the default. */
export const hashedShards = (php: Pick<PhpConfig, 'shards'>): PoolShards => ({ shardOf: (a) => shardOf(php, a.username) });

/** A pool file's name is its account's primary domain (AccountWebPaths.poolFile). */
const POOL_FILE = /^([a-z0-9][a-z0-9.-]*)\.conf$/;

/**
 * Where pools are, and where a new one goes, when several masters share them
 * (`web.php.shards`).
 *
 * The pool files themselves are the record: at start-up every shard's pool directory is
 * read once, and the agent's own placements and removals keep the map in step after that.
 * A domain the map does not know is looked for in every shard's directory (a pool restored
 * from a suspension snapshot after a restart, one moved by hand), and only then given the
 * shard its username hashes to, which is where pools went before placement existed.
 *
 * A new pool goes to the master currently being filled, as long as that master holds no
 * more than `slack` pools above the emptiest; otherwise the emptiest becomes the one being
 * filled. Creates that run at the same time therefore add their pools to one master, whose
 * reload coordinator tests and reloads them together (one re-execution for several pools
 * instead of one per pool on a different master each), while the masters stay within
 * `slack` pools of each other. Several masters still mean a reload touches only one.
 */
export class PoolPlacement implements PoolShards {
  private readonly placed = new Map<string, number>();
  private readonly counts: number[];
  private filling = 0;

  constructor(private readonly php: Pick<PhpConfig, 'shards' | 'versions' | 'poolDirPattern'>, private readonly slack = 8) {
    this.counts = new Array<number>(Math.max(1, php.shards)).fill(0);
  }

  /** Reads every shard's pool directory (start-up). */
  load(): this {
    if (this.php.shards <= 1) return this;
    for (let shard = 0; shard < this.php.shards; shard++) {
      for (const version of this.php.versions) {
        for (const name of this.poolNames(withShard(this.php.poolDirPattern, version, shard))) this.remember(name, shard);
      }
    }
    return this;
  }

  private poolNames(dir: string): string[] {
    try {
      return readdirSync(dir).map((n) => POOL_FILE.exec(n)?.[1]).filter((d): d is string => d !== undefined);
    } catch {
      return []; // a master not set up yet has no pools
    }
  }

  private remember(domain: string, shard: number): void {
    if (this.placed.has(domain)) return;
    this.placed.set(domain, shard);
    this.counts[shard]++;
  }

  /** The shard of a pool that exists (or, for one that does not, where its username hashes). */
  shardOf(account: WebAccount): number {
    if (this.php.shards <= 1) return 0;
    return this.existing(account.domain) ?? shardOf(this.php, account.username);
  }

  /** The shard holding the domain's pool: from the map, else from the directories. */
  private existing(domain: string): number | undefined {
    return this.placed.get(domain) ?? this.find(domain);
  }

  private find(domain: string): number | undefined {
    for (let shard = 0; shard < this.php.shards; shard++) {
      if (this.php.versions.some((v) => existsSync(join(withShard(this.php.poolDirPattern, v, shard), `${domain}.conf`)))) {
        this.remember(domain, shard);
        return shard;
      }
    }
    return undefined;
  }

  /** The shard for the account's pool: where it is, or where a new one goes (and now is). */
  place(account: WebAccount): number {
    if (this.php.shards <= 1) return 0;
    const existing = this.existing(account.domain);
    if (existing !== undefined) return existing;
    const fewest = Math.min(...this.counts);
    if (this.counts[this.filling] > fewest + this.slack) this.filling = this.counts.indexOf(fewest);
    this.remember(account.domain, this.filling);
    return this.filling;
  }

  /** The account's pool is gone from every version: its place is free. */
  release(account: WebAccount): void {
    const shard = this.placed.get(account.domain);
    if (shard === undefined) return;
    this.placed.delete(account.domain);
    this.counts[shard]--;
  }

  /** Pools per shard, as the map knows them. */
  get sizes(): readonly number[] {
    return this.counts;
  }
}
