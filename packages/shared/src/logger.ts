import pino, { Logger } from 'pino';
import { REDACTED, redactUrl, redactUserinfo, scrubLogObject } from './log-redaction';

export type { Logger } from 'pino';
export { redactUrl, scrubLogObject } from './log-redaction';

/** Paths whose values never reach a log line (pino's fast redaction; scrubLogObject covers any depth). */
export const REDACT_PATHS = [
  'password', '*.password', '*.*.password', 'token', '*.token', 'secret', '*.secret',
  'authorization', '*.authorization', 'req.headers.authorization', 'req.headers.cookie',
  'agentToken', '*.agentToken', 'privateKey', '*.privateKey', 'key', '*.key',
];

/** An error as pino writes it, with userinfo in its message and stack removed. */
function errSerializer(err: unknown): unknown {
  const out = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  if (!out || typeof out !== 'object') return out;
  for (const k of ['message', 'stack']) if (typeof out[k] === 'string') out[k] = redactUserinfo(out[k] as string);
  return out;
}

/**
 * The one logger factory of every Hearth process (API, agent, Web Disk, hearthctl). Secrets
 * are kept out three ways: fixed redaction paths, a scrub of every logged object (secret-named
 * fields at any depth, URL fields without query string or userinfo), and serializers for
 * requests and errors. `destination`: a file path (tests) instead of stdout.
 */
export function createLogger(name: string, level = process.env.HEARTH_LOG_LEVEL ?? 'info', destination?: string): Logger {
  return pino(
    {
      name,
      level,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      formatters: { log: (obj) => scrubLogObject(obj) },
      serializers: {
        err: errSerializer,
        url: (u: unknown) => (typeof u === 'string' ? redactUrl(u) : u),
        req: (req: { method?: string; url?: string; remoteAddress?: string }) => ({ method: req?.method, url: typeof req?.url === 'string' ? redactUrl(req.url) : undefined, remoteAddress: req?.remoteAddress }),
      },
    },
    destination ? pino.destination({ dest: destination, sync: true, mkdir: true }) : undefined,
  );
}
