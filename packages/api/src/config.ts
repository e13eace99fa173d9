import { isIP } from 'node:net';
import { loadConfig, parseConfig, MetricsConfig, metricsConfigSchema } from '@hearth/shared';

/** The API's configuration, validated once at start-up into a frozen object. */
export interface ApiConfig {
  listen: {
    host: string;
    port: number;
    /** Plain HTTP is allowed only on loopback (tests, a local reverse proxy). */
    plainHttp: boolean;
    tlsDir: string;
    /**
     * Reverse proxies (IP addresses or CIDR ranges) whose X-Forwarded-For is believed: the
     * client address (login throttle, audit) is read from that header only when the
     * connection comes from one of these. Empty: the header is ignored.
     */
    trustedProxies: string[];
  };
  database: {
    host: string;
    port: number;
    socketPath: string;
    user: string;
    password: string;
    database: string;
  };
  agent: {
    socketPath: string;
    tokenFile: string;
    /** Deadline of mutating calls (create may run several steps and reloads). */
    timeoutMs: number;
    /**
     * How long the agent may take to answer a health probe before the API calls it
     * unavailable (503): probed before every mutating call and every 500 ms during one,
     * so a stopped or hung agent is answered within about twice this, not after timeoutMs.
     */
    probeTimeoutMs: number;
  };
  license: {
    file: string;
    /** Ed25519 public key (PEM or base64 of the raw 32 bytes). */
    publicKey: string;
    freeAccountLimit: number;
  };
  /** People's sessions (JWT). One algorithm, fixed here; tokens naming another are refused. */
  jwt: {
    /** HMAC secret (at least 32 characters). Empty: a random per-process secret (sessions end on restart). */
    secret: string;
    algorithm: 'HS256' | 'HS384' | 'HS512';
    sessionTtlSeconds: number;
    issuer: string;
  };
  /**
   * Login throttle (panel login and UAPI Basic auth share it): attempts admitted at once per
   * login name and per client address; after that each attempt waits a delay that doubles
   * from baseDelaySeconds up to maxDelaySeconds. Counters are forgotten after windowSeconds
   * without an attempt.
   */
  loginThrottle: {
    maxFailuresPerLogin: number;
    maxFailuresPerAddress: number;
    windowSeconds: number;
    baseDelaySeconds: number;
    maxDelaySeconds: number;
  };
  bodyLimit: string;
  logLevel: string;
  /** Forwarded to per-resource modules as they grow. */
  defaults: { phpVersion: string };
  /** Prometheus /metrics on a loopback listener (off unless enabled). */
  metrics: MetricsConfig;
  /** Root of account homes (the agent's homeRoot): GET /server reports its filesystem's free space. */
  homeRoot: string;
  /**
   * GET /accounts/{id}/usage and ?include=usage answer a measurement at most this old
   * (seconds; the agent measures an account at most once per this period). Default 300.
   */
  usageMaxAgeSeconds: number;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['listen', 'database', 'agent', 'license'],
  properties: {
    listen: {
      type: 'object', additionalProperties: false, required: ['host', 'port'],
      properties: {
        host: { type: 'string', minLength: 1 },
        port: { type: 'integer', minimum: 0, maximum: 65535 },
        plainHttp: { type: 'boolean', default: false },
        tlsDir: { type: 'string', default: '/etc/hearth/tls' },
        trustedProxies: { type: 'array', maxItems: 64, default: [], items: { type: 'string', pattern: '^[0-9A-Fa-f.:]{2,39}(/[0-9]{1,3})?$' } },
      },
    },
    database: {
      type: 'object', additionalProperties: false, required: ['user', 'database'],
      properties: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'integer', default: 3306 },
        socketPath: { type: 'string', default: '' },
        user: { type: 'string', minLength: 1 },
        password: { type: 'string', default: '' },
        database: { type: 'string', pattern: '^[A-Za-z0-9_]{1,64}$' },
      },
    },
    agent: {
      type: 'object', additionalProperties: false, required: ['socketPath', 'tokenFile'],
      properties: {
        socketPath: { type: 'string', minLength: 1 },
        tokenFile: { type: 'string', minLength: 1 },
        timeoutMs: { type: 'integer', minimum: 100, default: 120000 },
        probeTimeoutMs: { type: 'integer', minimum: 50, maximum: 10000, default: 1000 },
      },
    },
    license: {
      type: 'object', additionalProperties: false,
      properties: {
        file: { type: 'string', default: '/etc/hearth/license.json' },
        publicKey: { type: 'string', default: '' },
        freeAccountLimit: { type: 'integer', minimum: 0, default: 5 },
      },
    },
    jwt: {
      type: 'object', additionalProperties: false,
      properties: {
        secret: { type: 'string', default: '', pattern: '^(|[\\x21-\\x7e]{32,1024})$' },
        algorithm: { type: 'string', enum: ['HS256', 'HS384', 'HS512'], default: 'HS256' },
        sessionTtlSeconds: { type: 'integer', minimum: 60, maximum: 604800, default: 3600 },
        issuer: { type: 'string', pattern: '^[A-Za-z0-9._:/-]{1,128}$', default: 'hearth' },
      },
    },
    loginThrottle: {
      type: 'object', additionalProperties: false,
      properties: {
        maxFailuresPerLogin: { type: 'integer', minimum: 1, default: 10 },
        maxFailuresPerAddress: { type: 'integer', minimum: 1, default: 50 },
        windowSeconds: { type: 'integer', minimum: 1, maximum: 604800, default: 3600 },
        baseDelaySeconds: { type: 'integer', minimum: 1, maximum: 3600, default: 15 },
        maxDelaySeconds: { type: 'integer', minimum: 1, maximum: 86400, default: 900 },
      },
    },
    bodyLimit: { type: 'string', pattern: '^[0-9]+(b|kb|mb)$' },
    logLevel: { type: 'string', enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] },
    defaults: {
      type: 'object', additionalProperties: false,
      properties: { phpVersion: { type: 'string', pattern: '^[5-9]\\.[0-9]{1,2}$', default: '8.2' } },
    },
    metrics: metricsConfigSchema,
    homeRoot: { type: 'string', pattern: '^/[A-Za-z0-9._/-]*$' },
    usageMaxAgeSeconds: { type: 'integer', minimum: 1, maximum: 86400 },
  },
};

const DEFAULTS = { bodyLimit: '64kb', logLevel: 'info', defaults: { phpVersion: '8.2' }, license: {}, jwt: {}, loginThrottle: {}, metrics: {}, homeRoot: '/home', usageMaxAgeSeconds: 300 } as unknown as Partial<ApiConfig>;

/** An IP address, or an address with a prefix length that fits its family. */
function proxyProblem(entry: string): string | null {
  const [address, prefix] = entry.split('/');
  const family = isIP(address);
  if (family === 0) return 'is not an IP address';
  if (prefix !== undefined && Number(prefix) > (family === 4 ? 32 : 128)) return 'has a prefix length too long for its address';
  return null;
}

function checkSemantics(config: ApiConfig): ApiConfig {
  const loopback = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(config.listen.host);
  if (config.listen.plainHttp && !loopback) throw new Error('listen.plainHttp is allowed only on a loopback host');
  const bad = config.listen.trustedProxies.map((p) => [p, proxyProblem(p)]).filter(([, problem]) => problem);
  if (bad.length) throw new Error(`listen.trustedProxies: ${bad.map(([p, problem]) => `${p} ${problem}`).join('; ')}`);
  if (config.loginThrottle.maxDelaySeconds < config.loginThrottle.baseDelaySeconds) throw new Error('loginThrottle.maxDelaySeconds must be at least baseDelaySeconds');
  return config;
}

export function loadApiConfig(file: string): ApiConfig {
  return checkSemantics(loadConfig<ApiConfig>(file, schema, DEFAULTS) as ApiConfig);
}

export function parseApiConfig(raw: unknown): ApiConfig {
  return checkSemantics(parseConfig<ApiConfig>(raw, schema, DEFAULTS) as ApiConfig);
}
