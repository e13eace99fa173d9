import type { BigIntStats, Stats } from 'node:fs';

/**
 * What a file looked like: inode, size, mtime and ctime to the nanosecond. A replacement
 * by rename changes the inode, an edit in place the times; two equal stamps mean the same
 * content, as far as anyone rewriting the file through the filesystem can tell.
 */
export function fileStamp(s: BigIntStats): string {
  return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

/**
 * The same from a plain stat: times in milliseconds with their fraction (well below the
 * kernel's timestamp granularity). For stamping many files at once: a BigInt stat makes a
 * third more garbage.
 */
export function plainFileStamp(s: Stats): string {
  return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
}
