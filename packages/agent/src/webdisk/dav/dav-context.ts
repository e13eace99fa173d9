import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import type { Stats } from 'node:fs';
import { DavError } from './dav-error';
import { DeadProps } from './dead-props';
import { IfList, parseIf, submittedTokens } from './if-header';
import { DavLock, LockTable } from './lock-table';
import { SafeTree, etagOf } from './safe-fs';
import { DiskUsage } from './disk-usage';
import { requestSegments } from '../request-path';

/** What one login's worker holds: its tree, dead properties, locks and usage counter. */
export interface DavState {
  tree: SafeTree;
  props: DeadProps;
  locks: LockTable;
  usage: DiskUsage;
  readOnly: boolean;
  maxXmlBytes: number;
}

export type Req = Http2ServerRequest;
export type Res = Http2ServerResponse;

export const keyOf = (segments: string[]): string => segments.join('/');

export function segmentsOfKey(key: string): string[] {
  return key === '' ? [] : key.split('/');
}

/** The path part of a Destination header or an If header's resource tag, checked like a request path. */
export function pathOfUrl(url: string): string[] | null {
  let raw = url;
  if (!raw.startsWith('/')) {
    const m = /^https?:\/\/[^/?#]+(\/[^?#]*)?(?:[?#].*)?$/i.exec(raw);
    if (!m) return null;
    raw = m[1] ?? '/';
  }
  return requestSegments(raw);
}

export async function readBody(req: Req, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of req) {
    n += (chunk as Buffer).length;
    if (n > max) throw new DavError(413, 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The lock and If-header rules every write goes through (RFC 4918 §7, §10.4). */
export class Preconditions {
  readonly lists: IfList[] | null;
  readonly tokens: Set<string>;

  constructor(private readonly state: DavState, req: Req, private readonly segments: string[]) {
    const header = req.headers.if;
    if (typeof header === 'string' && header.trim() !== '') {
      this.lists = parseIf(header);
      if (!this.lists) throw new DavError(400, 'Malformed If header');
    } else this.lists = null;
    this.tokens = submittedTokens(this.lists);
  }

  /** 412 unless at least one list of the If header holds. */
  async checkIf(): Promise<void> {
    if (!this.lists) return;
    for (const list of this.lists) {
      const segs = list.resource === undefined ? this.segments : pathOfUrl(list.resource);
      if (!segs) continue;
      const key = keyOf(segs);
      let st: Stats | null = null;
      try {
        st = await this.state.tree.stat(segs, false);
      } catch {
        st = null;
      }
      const etag = st ? etagOf(st) : null;
      const locks = this.state.locks.covering(key);
      const holds = list.conditions.every((c) => {
        const match = c.token !== undefined ? locks.some((l) => l.token === c.token) : etag !== null && c.etag === etag;
        return c.not ? !match : match;
      });
      if (holds) return;
    }
    throw new DavError(412, 'The If header does not match the resource state');
  }

  /** 423 when a lock covering any of these paths (or, for `deep`, under them) is not submitted. */
  requireTokens(paths: { key: string; deep?: boolean }[]): void {
    for (const { key, deep } of paths) {
      const locks: DavLock[] = [...this.state.locks.covering(key), ...(deep ? this.state.locks.inside(key) : [])];
      const byRoot = new Map<string, DavLock[]>();
      for (const l of locks) byRoot.set(l.path, [...(byRoot.get(l.path) ?? []), l]);
      for (const group of byRoot.values()) {
        if (!group.some((l) => this.tokens.has(l.token))) throw new DavError(423, 'The resource is locked', 'lock-token-submitted');
      }
    }
  }

  /**
   * Checks for changing `segments` itself (`deep`: and everything below it) and, when the
   * change adds or removes it (`membership`), its parent collection's member list.
   */
  async forWrite(segments: string[], opts: { deep?: boolean; membership?: boolean } = {}): Promise<void> {
    await this.checkIf();
    const paths: { key: string; deep?: boolean }[] = [{ key: keyOf(segments), deep: opts.deep }];
    if (opts.membership && segments.length) paths.push({ key: keyOf(segments.slice(0, -1)) });
    this.requireTokens(paths);
  }
}
