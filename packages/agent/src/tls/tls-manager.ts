import { promises as fs } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { ConflictError, Logger } from '@hearth/shared';
import { KeyedMutex } from '../system/keyed-mutex';
import { Slots } from '../system/slots';
import { writeFileDurably } from '../system/durable-file';
import { accountWeb, suspendedVhostContent, vhostContent } from '../web/account-web';
import { addedDomainRoot } from '../operations/account-record';
import { FileChange, readState } from '../web/file-changes';
import { isOwnedBy } from '../web/owner-marker';
import type { VhostTls } from '../web/render-nginx-vhost';
import { readSnapshot } from '../web/suspension-snapshot';
import { ensureBridge } from '../web/site-bridge';
import type { WebAccount } from '../web/web-paths';
import type { WebDaemonsContext } from '../web/web-parts';
import type { VhostTlsSource } from '../web/vhost-tls-source';
import { CertificateIssuer, createCertificateIssuer } from './forked-acme-issuer';
import { retryDelayMs } from './backoff';
import { CertificateInfo, checkUpload, describeCertificate } from './certificate-check';
import type { TlsSettings } from './tls-config';
import { certPaths } from './tls-paths';
import { KEY_MODE, KeyAccess } from './key-access';
import { httpsEntry } from './https-entry';
import type { NginxEntryFile } from '../web/nginx-entry-file';
import { FileTlsRecords, TlsRecord } from './tls-record';

const DAY_MS = 24 * 3600 * 1000;
/** ACME orders in flight at once (the worker talks to the CA for each). */
const MAX_PARALLEL_ORDERS = 8;

function reasonOf(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\s+/g, ' ').trim().slice(0, 1000) || 'unknown error';
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The certificates of every site. Runs in the background of the agent: after an account
 * create it obtains the certificate from the ACME CA (the create does not wait), retries
 * failures with growing delays, renews certificates close to expiry, and installs each
 * certificate together with the vhost's HTTPS server through the web module's nginx
 * ReloadCoordinator (stage → `nginx -t` → swap → reload), so what is on disk is what
 * nginx serves. State per domain is persisted (FileTlsRecords), so back-off and renewal
 * planning survive restarts.
 *
 * Concurrency: the ACME exchange runs outside any lock (it may take minutes); writing the
 * result happens under a per-domain lock, after checking the domain was not forgotten
 * (account deleted) meanwhile. `forget` takes the same lock, so after it returns nothing
 * is installed for the domain any more.
 */
export class TlsManager implements VhostTlsSource {
  private readonly records: FileTlsRecords;
  private readonly keyAccess: KeyAccess;
  private readonly entry: NginxEntryFile;
  private readonly locks = new KeyedMutex();
  /** Domains whose issued certificate is waiting to share a reload (install, background). */
  private readonly deferredInstalls = new Set<string>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private issuer: CertificateIssuer | null = null;
  private interval: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private tickAgain = false;
  private closed = false;
  /**
   * Only the orders are limited, not the attempts: an attempt whose certificate is issued
   * waits (up to the deferral window) for the nginx reload that installs it, and holding an
   * order's slot through that wait let at most 8 certificates be installed per window.
   */
  private readonly orders = new Slots(MAX_PARALLEL_ORDERS);

  /**
   * `web` is the web module's side of an install (its daemons and the account's paths),
   * wired by the composition root; TLS gives the web module back only VhostTlsSource.
   */
  constructor(readonly settings: TlsSettings, private readonly stateDir: string, private readonly log: Logger, private readonly web: WebDaemonsContext) {
    this.records = new FileTlsRecords(stateDir);
    this.keyAccess = new KeyAccess(settings.liveRoot, web.config.webGroup);
    this.entry = httpsEntry(settings, web.parts.web.config.nginx.sitesEnabled, log);
  }

  /** Starts the background work (after start-up recovery: nothing half-built is looked at). */
  start(): void {
    if (this.interval || this.closed) return;
    // Keys installed before nginx read them at the handshake were root-only (key-access.ts).
    this.keyAccess.grantExisting().then(
      (keys) => { if (keys > 0) this.log.info({ keys }, 'certificate keys made readable by the web group'); },
      (err) => this.log.error({ err }, 'could not give the web group access to the certificate keys'),
    );
    this.interval = setInterval(() => this.kick(), this.settings.checkIntervalMs);
    this.interval.unref();
    this.kick();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.interval) clearInterval(this.interval);
    await this.ticking;
    await Promise.allSettled([...this.inFlight.values()]);
    this.issuer?.close();
  }

  /** Whether certificates can be ordered at all (a CA is configured). */
  get canIssue(): boolean {
    return this.settings.directoryUrl !== '';
  }

  private acme(): CertificateIssuer {
    if (!this.issuer) {
      const web = this.web.parts.web.config;
      this.issuer = createCertificateIssuer(this.settings, this.stateDir, web.acmeChallengeDir, this.log);
    }
    return this.issuer;
  }

  names(domain: string): string[] {
    return this.settings.includeWww ? [domain, `www.${domain}`] : [domain];
  }

  /** The HTTPS part of the domain's vhost if its certificate files are in place, else null. */
  async sectionFor(domain: string): Promise<VhostTls | null> {
    const paths = certPaths(this.settings, domain);
    const [chain, key] = await Promise.all([readState(paths.fullchain).catch(() => null), readState(paths.privkey).catch(() => null)]);
    if (chain?.kind !== 'file' || key?.kind !== 'file') return null;
    return this.section();
  }

  /** What a vhost's HTTPS needs: the entry in place (every caller renders a vhost with it). */
  private async section(): Promise<VhostTls> {
    await this.entry.ensure();
    return { listen: this.settings.https.listen, redirect: this.settings.https.redirect };
  }

  /**
   * Runs `work` while no certificate is being installed for the domain: the web module's
   * suspend and unsuspend rewrite the vhost under it, so an install never interleaves.
   */
  exclusive<T>(domain: string, work: () => Promise<T>): Promise<T> {
    this.hurryInstall(domain);
    return this.locks.run(domain, work);
  }

  /**
   * An issued certificate being installed holds the domain's lock while it waits (up to the
   * deferral window) for a vhost change to share its reload. Whoever now waits for that lock
   * (a delete, a suspend) is the vhost change it would wait for, so its reload goes now.
   */
  private hurryInstall(domain: string): void {
    if (this.deferredInstalls.has(domain)) this.web.parts.web.nginx.hurry();
  }

  // ---- account lifecycle -------------------------------------------------------------

  /** After a create: plan the first issuance now (in the background). Keeps an existing record. */
  async register(account: WebAccount): Promise<void> {
    if (!this.settings.autoIssue || !this.canIssue) return;
    await this.locks.run(account.domain, async () => {
      const existing = await this.records.read(account.domain);
      if (existing && existing.username === account.username) return;
      await this.records.write(this.fresh(account));
    });
    this.soon(account.domain);
  }

  /**
   * The first attempt for a new domain, on its own: a create no longer starts a pass over
   * every domain's record (O(accounts) file reads per create, and passes run their
   * attempts one after another, so each certificate install got an nginx reload of its
   * own). Its order waits for one of the MAX_PARALLEL_ORDERS slots; installs that finish
   * together share one reload. Retries and renewals stay with the periodic pass.
   */
  private soon(domain: string): void {
    if (this.closed || !this.interval) return;
    void this.attempt(domain).catch((e) => this.log.error({ domain, err: e }, 'TLS work for a domain failed'));
  }

  private fresh(account: WebAccount): TlsRecord {
    return {
      username: account.username, domain: account.domain, state: 'pending', source: null, names: this.names(account.domain),
      serial: '', notBefore: null, notAfter: null, lastError: null, lastAttemptAt: null,
      nextAttemptAt: new Date().toISOString(), failures: 0,
    };
  }

  /** Stops all work for the domain: once this resolves, nothing is installed for it any more. */
  async forget(account: WebAccount): Promise<void> {
    this.hurryInstall(account.domain);
    await this.locks.run(account.domain, async () => {
      const record = await this.records.read(account.domain);
      if (record && record.username !== account.username) return;
      await this.records.remove(account.domain);
    });
  }

  /** Delete: the certificate directory goes (nginx no longer refers to it by then). */
  async removeCertificate(account: WebAccount): Promise<void> {
    const paths = certPaths(this.settings, account.domain);
    await this.locks.run(account.domain, async () => {
      const record = await this.records.read(account.domain);
      if (record && record.username !== account.username) return;
      const stat = await fs.lstat(paths.dir).catch(() => null);
      if (!stat) return;
      if (stat.isSymbolicLink() || !stat.isDirectory()) {
        await fs.unlink(paths.dir);
        return;
      }
      await fs.rm(paths.dir, { recursive: true, force: true });
    });
  }

  // ---- API ---------------------------------------------------------------------------

  async status(account: WebAccount): Promise<TlsRecord | null> {
    const record = await this.records.read(account.domain);
    return record && record.username === account.username ? record : null;
  }

  /**
   * Asks the CA now (POST …/tls/issue), whatever the back-off says. Waits up to `waitMs`
   * for the attempt; past that it goes on in the background and the status says pending.
   */
  async issueNow(account: WebAccount, waitMs: number): Promise<TlsRecord | null> {
    if (!this.canIssue) throw new ConflictError('No ACME CA is configured on this server (tls.directoryUrl); upload a certificate instead');
    await this.locks.run(account.domain, async () => {
      const record = (await this.records.read(account.domain)) ?? this.fresh(account);
      if (record.username !== account.username) return;
      if (record.state !== 'issued') record.state = 'pending';
      // Asking for ACME replaces a custom certificate the next time one is obtained.
      record.nextAttemptAt = new Date().toISOString();
      await this.records.write(record);
    });
    const attempt = this.attempt(account.domain);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([attempt, new Promise((r) => (timer = setTimeout(r, waitMs)))]);
    clearTimeout(timer);
    return this.status(account);
  }

  /** PUT …/tls: a customer's own certificate, checked, then installed like an issued one. */
  async upload(account: WebAccount, certificatePem: unknown, keyPem: unknown): Promise<TlsRecord> {
    const checked = checkUpload(account.domain, certificatePem, keyPem);
    return this.locks.run(account.domain, async () => {
      const record = (await this.records.read(account.domain)) ?? { ...this.fresh(account), nextAttemptAt: null };
      if (record.username !== account.username) throw new ConflictError(`${account.domain} belongs to another account`);
      await this.install(account, checked.fullchain, checked.privkey);
      const done = this.issued(record, 'custom', checked.info);
      await this.records.write(done);
      return done;
    });
  }

  // ---- background work ---------------------------------------------------------------

  /** Runs a pass over every domain soon; passes never overlap. */
  kick(): void {
    if (this.closed || !this.interval) return;
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = (async () => {
      do {
        this.tickAgain = false;
        await this.tick().catch((e) => this.log.error({ err: e }, 'TLS pass failed'));
      } while (this.tickAgain && !this.closed);
    })().finally(() => {
      this.ticking = null;
    });
  }

  private isDue(record: TlsRecord, now: number): boolean {
    if (record.nextAttemptAt) return Date.parse(record.nextAttemptAt) <= now;
    if (record.state !== 'issued' || record.source !== 'acme' || !record.notAfter) return false;
    const renewAt = Date.parse(record.notAfter) - this.settings.renewBeforeDays * DAY_MS;
    // Never more than once per check interval, even if the threshold exceeds the lifetime.
    const rested = !record.lastAttemptAt || Date.parse(record.lastAttemptAt) + this.settings.checkIntervalMs <= now;
    return renewAt <= now && rested;
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    for (const record of await this.records.list()) {
      if (this.closed) return;
      try {
        if (this.canIssue && this.isDue(record, now)) await this.attempt(record.domain);
        else if (record.state === 'issued') await this.ensureServed(record);
      } catch (e) {
        this.log.error({ domain: record.domain, err: e }, 'TLS work for a domain failed');
      }
    }
  }

  /** One ACME attempt for the domain (deduplicated); its outcome is written to the record. */
  private attempt(domain: string): Promise<void> {
    const running = this.inFlight.get(domain);
    if (running) return running;
    const work = this.runAttempt(domain).finally(() => this.inFlight.delete(domain));
    this.inFlight.set(domain, work);
    return work;
  }

  private async runAttempt(domain: string): Promise<void> {
    const start = await this.locks.run(domain, async () => {
      const record = await this.records.read(domain);
      if (!record) return null;
      record.lastAttemptAt = new Date().toISOString();
      record.nextAttemptAt = null;
      await this.records.write(record);
      return record;
    });
    if (!start) return;
    const account = { username: start.username, domain };
    let outcome: { fullchain: string; privkey: string; info: CertificateInfo } | { error: string };
    try {
      const cert = await this.orders.run(() => {
        // Stopping: an order that has not started yet is not started (its result would be dropped).
        if (this.closed) throw new Error('the agent is stopping');
        return withTimeout(this.acme().issue(this.names(domain)), this.settings.attemptTimeoutMs, 'the ACME order');
      });
      outcome = { ...cert, info: describeCertificate(new X509Certificate(cert.fullchain)) };
    } catch (e) {
      outcome = { error: reasonOf(e) };
    }
    await this.locks.run(domain, async () => {
      const record = await this.records.read(domain);
      // Forgotten (account deleted) or taken over meanwhile: the result is dropped.
      if (!record || record.username !== start.username || this.closed) return;
      if ('info' in outcome) {
        try {
          await this.install(account, outcome.fullchain, outcome.privkey, true);
          await this.records.write(this.issued(record, 'acme', outcome.info));
          return;
        } catch (e) {
          outcome = { error: `the certificate was issued but could not be installed: ${reasonOf(e)}` };
        }
      }
      record.failures += 1;
      record.lastError = outcome.error;
      record.nextAttemptAt = new Date(Date.now() + retryDelayMs(record.failures, this.settings.retry)).toISOString();
      if (record.state !== 'issued') record.state = 'failed';
      await this.records.write(record);
      this.log.warn({ domain, failures: record.failures, next: record.nextAttemptAt, reason: record.lastError }, 'certificate not obtained; will retry');
    });
  }

  private issued(record: TlsRecord, source: 'acme' | 'custom', info: CertificateInfo): TlsRecord {
    return {
      ...record, state: 'issued', source, names: info.names, serial: info.serial, notBefore: info.notBefore,
      notAfter: info.notAfter, lastError: null, nextAttemptAt: null, failures: 0,
    };
  }

  /**
   * Puts the certificate files and the vhost with its HTTPS server in place as one change
   * of the nginx configuration: staged, tested with `nginx -t` against everything, swapped
   * and reloaded; if the test fails the previous files come back. A renewal is the same
   * change with only new file contents, so the reload makes nginx serve the new certificate.
   */
  private async install(account: WebAccount, fullchain: string, privkey: string, background = false): Promise<void> {
    const ctx = this.web;
    const paths = certPaths(this.settings, account.domain);
    await this.keyAccess.prepare(paths.dir);
    const gid = await this.keyAccess.group();
    const files: FileChange[] = [
      { path: paths.fullchain, write: fullchain, mode: 0o644, readAtHandshake: true },
      { path: paths.privkey, write: privkey, mode: KEY_MODE, gid, readAtHandshake: true },
    ];
    if (!ctx.parts.web.config.enabled) {
      for (const f of files) if ('write' in f) await writeFileDurably(f.path, f.write, f.mode, f.gid);
      return;
    }
    const vhost = await this.vhostChange(account, ctx);
    // An issued certificate waits a little for the next vhost change to share its reload.
    if (background) this.deferredInstalls.add(account.domain);
    try {
      await ctx.parts.web.nginx.commit(vhost ? [...files, vhost] : files, { deferrable: background });
    } finally {
      this.deferredInstalls.delete(account.domain);
    }
  }

  /** The account's vhost rendered with its HTTPS server (suspended or not), if it is Hearth's file. */
  private async vhostChange(account: WebAccount, ctx: WebDaemonsContext): Promise<FileChange | null> {
    const a = accountWeb(account, ctx);
    const current = await readState(a.paths.vhostFile);
    if (current.kind !== 'file' || !isOwnedBy(current.content, '#', account.username)) return null;
    const section = await this.section();
    const suspended = (await readSnapshot(a, ctx)) !== null;
    // An addon domain, subdomain or alias keeps its own document root (domains/).
    const root = await addedDomainRoot(ctx, account.username, account.domain);
    if (suspended) return { path: a.paths.vhostFile, write: suspendedVhostContent(a, section) };
    // A primary domain's vhost reaches its site through the bridge's links: in place first
    // (a site created before the bridge existed has none).
    if (root === undefined) await ensureBridge(a);
    return { path: a.paths.vhostFile, write: vhostContent(a, section, root) };
  }

  /**
   * A vhost restored from before the certificate existed (unsuspend of a site that got its
   * first certificate while suspended) gains its HTTPS server on the next pass.
   */
  private async ensureServed(record: TlsRecord): Promise<void> {
    const ctx = this.web;
    if (!ctx.parts.web.config.enabled || !(await this.sectionFor(record.domain))) return;
    await this.locks.run(record.domain, async () => {
      const account = { username: record.username, domain: record.domain };
      const current = await readState(accountWeb(account, ctx).paths.vhostFile);
      // Only a vhost without any HTTPS server is touched here; installs handle the rest.
      if (current.kind !== 'file' || / ssl;$/m.test(current.content.toString())) return;
      const change = await this.vhostChange(account, ctx);
      if (!change || !('write' in change)) return;
      await ctx.parts.web.nginx.commit([change], { skipIfUnchanged: true });
    });
  }
}
