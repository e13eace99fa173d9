import { promises as fs, constants } from 'node:fs';
import { Agent as HttpsAgent } from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';
import { createPrivateKey } from 'node:crypto';
import { join } from 'node:path';
import type * as AcmeClient from 'acme-client';
import type { Logger } from '@hearth/shared';
import { safePath } from '../web/safe-values';
import { KeyedMutex } from '../system/keyed-mutex';
import type { TlsSettings } from './tls-config';
import { accountKeyPath, tlsStateDir } from './tls-paths';
import { AcmeHttp, reuseNonces } from './acme-nonces';

/** A certificate fresh from the CA: the chain as served, and the key made for it. */
export interface IssuedCertificate {
  fullchain: string;
  privkey: string;
}

/** ACME tokens are base64url; anything else never becomes a file name. */
const TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * acme-client is loaded on the first order, not at start: with axios, node-forge and the
 * @peculiar ASN.1 libraries it is the largest thing the agent would load (about 17 MB of
 * its resident memory at start, bench/README.md "Memory"), and an agent whose sites never
 * order a certificate (TLS off, no CA, uploaded certificates only) never needs it.
 */
let loaded: Promise<typeof AcmeClient> | null = null;
function acmeModule(): Promise<typeof AcmeClient> {
  loaded ??= import('acme-client');
  return loaded;
}

/**
 * acme-client's Client with three changes:
 * - New-order requests are sent one at a time (the rest of an order, its challenges, polls
 *   and finalization, still overlap). Pebble 2.4 (Debian 12's) deadlocks for good when two
 *   new-orders overlap: one holds the store's read lock scanning every authorization for one
 *   to reuse while the other holds a new authorization's lock and waits for the store's write
 *   lock; from then on every request hangs (seen at about 750 orders with 10 in flight:
 *   `bench:scale` left 60 certificates pending). A new-order is one short request, and a real
 *   CA limits them per account far below what one at a time allows.
 * - Requests are signed with nonces from earlier answers (acme-nonces.ts), and with the
 *   account key parsed once: acme-client hands the PEM to every signature, and OpenSSL's
 *   decoding of it was 0.6 ms of each signature's 0.65 (6 ms of a certificate's CPU).
 * - An existing account is not "updated" with the registration's termsOfServiceAgreed.
 *   acme-client's createAccount, when the CA answers that the key has an account already
 *   (HTTP 200: every new ACME worker, whose key is kept), passes its payload on to
 *   updateAccount; the field cannot be updated (RFC 8555 §7.3), so without a contact address
 *   the update is empty and Pebble refuses it: the first order after each worker start failed
 *   and waited for its retry. Without the field the update is a POST-as-GET.
 */
export function hearthAcmeClient(Base: typeof AcmeClient.Client): typeof AcmeClient.Client {
  const orders = new KeyedMutex();
  return class extends Base {
    constructor(...args: ConstructorParameters<typeof AcmeClient.Client>) {
      super(...args);
      // The HTTP client is acme-client's internal: if a version has none, nonces are fetched as before.
      const http = (this as unknown as { http?: Partial<AcmeHttp> & { accountKey?: unknown } }).http;
      if (typeof http?.getNonce === 'function' && typeof http.request === 'function') reuseNonces(http as AcmeHttp);
      // Node signs with a KeyObject as with the PEM it was made from (and derives the JWK from it).
      if (http && Buffer.isBuffer(http.accountKey)) http.accountKey = createPrivateKey(http.accountKey);
    }

    override createOrder(data: Parameters<AcmeClient.Client['createOrder']>[0]): Promise<AcmeClient.Order> {
      return orders.run('new-order', () => super.createOrder(data));
    }

    override updateAccount(data: Parameters<AcmeClient.Client['updateAccount']>[0] = {}): ReturnType<AcmeClient.Client['updateAccount']> {
      const { termsOfServiceAgreed, ...update } = data;
      void termsOfServiceAgreed;
      return super.updateAccount(update);
    }
  };
}

/**
 * Obtains certificates from an ACME CA (RFC 8555) with acme-client, answering HTTP-01
 * challenges by writing the key authorization into the challenge directory every vhost
 * serves at /.well-known/acme-challenge/. The ACME account key is made once and kept in
 * the agent's private state dir (0600); the account is registered (or found again) with it.
 */
export class AcmeIssuer {
  /**
   * Made once, on the first order; a promise, so that the orders arriving together at
   * start-up share one client (one account, one queue of new-orders) instead of racing to
   * make one each.
   */
  private client: Promise<AcmeClient.Client> | null = null;

  constructor(
    private readonly settings: TlsSettings,
    private readonly stateDir: string,
    private readonly challengeDir: string,
    private readonly log: Logger,
  ) {}

  private async accountKey(): Promise<Buffer> {
    const path = accountKeyPath(this.stateDir);
    try {
      return await fs.readFile(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    await fs.mkdir(tlsStateDir(this.stateDir), { recursive: true, mode: 0o700 });
    const acme = await acmeModule();
    const key = await acme.crypto.createPrivateEcdsaKey('P-256');
    // O_EXCL: if two first attempts raced, the loser reads the winner's key.
    try {
      const handle = await fs.open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      try {
        await handle.writeFile(key);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return key;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFile(path);
      throw e;
    }
  }

  private acmeClient(): Promise<AcmeClient.Client> {
    if (!this.client) {
      const made = this.makeClient();
      this.client = made;
      // A failure (an unreadable key, a bad CA bundle) is tried again on the next order.
      made.catch(() => {
        if (this.client === made) this.client = null;
      });
    }
    return this.client;
  }

  private async makeClient(): Promise<AcmeClient.Client> {
    const acme = await acmeModule();
    // Loopback or the CA only: never through a proxy from the environment.
    acme.axios.defaults.proxy = false;
    if (this.settings.caBundle) {
      const extra = await fs.readFile(this.settings.caBundle, 'utf8');
      // One secure context, built once, and kept-alive connections: given only `ca`, every
      // new connection parsed the whole root store again (a fifth of the agent's CPU during
      // the scale benchmark went to addCACert).
      acme.axios.defaults.httpsAgent = new HttpsAgent({
        keepAlive: true,
        secureContext: createSecureContext({ ca: [...rootCertificates, extra] }),
      });
    }
    return new (hearthAcmeClient(acme.Client))({
      directoryUrl: this.settings.directoryUrl,
      accountKey: await this.accountKey(),
      backoffAttempts: Math.max(3, Math.ceil(this.settings.attemptTimeoutMs / this.settings.pollMaxMs)),
      backoffMin: this.settings.pollMinMs,
      backoffMax: this.settings.pollMaxMs,
    });
  }

  private tokenPath(token: string): string {
    if (!TOKEN.test(token)) throw new Error('the CA sent a challenge token outside the base64url alphabet');
    return safePath(join(this.challengeDir, token), 'challenge file');
  }

  /** Orders a certificate for `names` (first = common name); throws with the CA's reason. */
  async issue(names: string[]): Promise<IssuedCertificate> {
    const client = await this.acmeClient();
    const acme = await acmeModule();
    const [key, csr] = await acme.crypto.createCsr({ commonName: names[0], altNames: names }, await acme.crypto.createPrivateEcdsaKey('P-256'));
    const fullchain = await client.auto({
      csr,
      email: this.settings.contactEmail || undefined,
      termsOfServiceAgreed: true,
      challengePriority: ['http-01'],
      skipChallengeVerification: this.settings.skipChallengeVerification,
      challengeCreateFn: async (_authz, challenge, keyAuthorization) => {
        if (challenge.type !== 'http-01') throw new Error(`unsupported challenge ${challenge.type}`);
        await fs.mkdir(this.challengeDir, { recursive: true, mode: 0o755 });
        // Read by nginx's workers (www-data): world-readable, and it is public anyway.
        await fs.writeFile(this.tokenPath(challenge.token), keyAuthorization, { mode: 0o644 });
      },
      challengeRemoveFn: async (_authz, challenge) => {
        await fs.rm(this.tokenPath(challenge.token), { force: true });
      },
    });
    this.log.info({ names }, 'certificate issued by the ACME CA');
    return { fullchain, privkey: key.toString() };
  }
}
