import pino, { Logger } from 'pino';

export type { Logger } from 'pino';

/** Paths whose values never reach a log line, wherever they appear. */
export const REDACT_PATHS = [
  'password', '*.password', '*.*.password', 'token', '*.token', 'secret', '*.secret',
  'authorization', '*.authorization', 'req.headers.authorization', 'req.headers.cookie',
  'agentToken', '*.agentToken', 'privateKey', '*.privateKey', 'key', '*.key',
];

export function createLogger(name: string, level = process.env.HEARTH_LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
}
