/**
 * The agent's `tls` section: which ACME CA issues the sites' certificates, where the
 * files go, when renewals and retries happen, and how the HTTPS server of a vhost listens.
 */
export interface TlsSettings {
  /** false = no TLS module (no certificates, TlsService answers UNAVAILABLE). */
  enabled: boolean;
  /**
   * Obtain certificates from the ACME CA on its own after each account create. Off, the
   * module still serves uploaded certificates and POST …/tls/issue still asks the CA.
   */
  autoIssue: boolean;
  /** ACME directory: Let's Encrypt production by default; staging or any RFC 8555 CA; '' = none. */
  directoryUrl: string;
  /** PEM file of extra roots trusted for the directory's HTTPS ('' = system trust only). */
  caBundle: string;
  /** Contact address registered with the ACME account ('' = none). */
  contactEmail: string;
  /** Certificates: {liveRoot}/{domain}/fullchain.pem and privkey.pem. */
  liveRoot: string;
  /** Also put www.{domain} in every certificate (the vhost serves it). */
  includeWww: boolean;
  /** Renew when the certificate expires within this many days. */
  renewBeforeDays: number;
  /** How often the agent looks for due issuances and renewals. */
  checkIntervalMs: number;
  /** Back-off of failed attempts: initialMs, then × factor per failure, never above maxMs. */
  retry: { initialMs: number; factor: number; maxMs: number };
  /** Give up an attempt that takes longer than this (it counts as a failure). */
  attemptTimeoutMs: number;
  /** Polling of pending orders/challenges at the CA (acme-client back-off). */
  pollMinMs: number;
  pollMaxMs: number;
  /**
   * Skip acme-client's own pre-check of the challenge (it resolves the name with the
   * system resolver and fetches port 80) and let the CA judge. Tests only need it.
   */
  skipChallengeVerification: boolean;
  https: {
    /** `listen` values of the HTTPS server, e.g. "443", "[::]:443", "127.0.0.1:8443". */
    listen: string[];
    /** Once a certificate is served, plain HTTP answers 301 to HTTPS (ACME stays on HTTP). */
    redirect: boolean;
  };
}

/** The section as written in agent.json: any subset; tlsSettings() fills the rest. */
export type TlsConfig = Partial<Omit<TlsSettings, 'retry' | 'https'>> & {
  retry?: Partial<TlsSettings['retry']>;
  https?: Partial<TlsSettings['https']>;
};

const PATH = { type: 'string', pattern: '^/[A-Za-z0-9._/-]*$' } as const;
const MS = { type: 'integer', minimum: 10, maximum: 7 * 24 * 3600 * 1000 } as const;

export const tlsConfigSchema = {
  type: 'object',
  properties: {
    enabled: { type: 'boolean' },
    autoIssue: { type: 'boolean' },
    // '' = no ACME CA: nothing is requested (uploads still work).
    directoryUrl: { type: 'string', pattern: '^(|https://[A-Za-z0-9.:\\[\\]-]+(/[A-Za-z0-9._~/%-]*)?)$', maxLength: 500 },
    caBundle: { type: 'string', pattern: '^(|/[A-Za-z0-9._/-]+)$' },
    contactEmail: { type: 'string', pattern: '^(|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,63})$' },
    liveRoot: PATH,
    includeWww: { type: 'boolean' },
    renewBeforeDays: { type: 'integer', minimum: 1, maximum: 36500 },
    checkIntervalMs: MS,
    retry: {
      type: 'object',
      properties: { initialMs: MS, factor: { type: 'number', minimum: 1, maximum: 10 }, maxMs: MS },
      additionalProperties: false,
    },
    attemptTimeoutMs: { type: 'integer', minimum: 1000, maximum: 3600000 },
    pollMinMs: { type: 'integer', minimum: 10, maximum: 60000 },
    pollMaxMs: { type: 'integer', minimum: 10, maximum: 600000 },
    skipChallengeVerification: { type: 'boolean' },
    https: {
      type: 'object',
      properties: {
        listen: {
          type: 'array', minItems: 1,
          items: { type: 'string', pattern: '^(?:\\[[0-9a-f:]+\\]:|[0-9.]+:)?[0-9]{1,5}$' },
        },
        redirect: { type: 'boolean' },
      },
      additionalProperties: false,
    },
  },
  required: [],
  additionalProperties: false,
} as const;

export const LETS_ENCRYPT_PRODUCTION = 'https://acme-v02.api.letsencrypt.org/directory';
export const LETS_ENCRYPT_STAGING = 'https://acme-staging-v02.api.letsencrypt.org/directory';

export const tlsSettingsDefaults: TlsSettings = {
  enabled: true,
  autoIssue: true,
  directoryUrl: LETS_ENCRYPT_PRODUCTION,
  caBundle: '',
  contactEmail: '',
  liveRoot: '/etc/letsencrypt/live',
  includeWww: true,
  renewBeforeDays: 30,
  checkIntervalMs: 3600 * 1000,
  // 5 min, 10, 20, ... capped at 12 h: well inside Let's Encrypt's failed-validation limits.
  retry: { initialMs: 5 * 60 * 1000, factor: 2, maxMs: 12 * 3600 * 1000 },
  attemptTimeoutMs: 5 * 60 * 1000,
  pollMinMs: 1000,
  pollMaxMs: 10000,
  skipChallengeVerification: false,
  https: { listen: ['443', '[::]:443'], redirect: true },
};

/** Kept in AgentConfig's defaults: an empty section means "the defaults". */
export const tlsConfigDefaults: TlsConfig = {};

/**
 * The effective settings. In test mode a missing section means "disabled": a test agent
 * must never ask a public CA for anything.
 */
export function tlsSettings(config: { testMode: boolean; tls?: TlsConfig }): TlsSettings {
  const section = config.tls ?? {};
  if (config.testMode && Object.keys(section).length === 0) return { ...tlsSettingsDefaults, enabled: false };
  return {
    ...tlsSettingsDefaults,
    ...section,
    retry: { ...tlsSettingsDefaults.retry, ...section.retry },
    https: { ...tlsSettingsDefaults.https, ...section.https },
  } as TlsSettings;
}
