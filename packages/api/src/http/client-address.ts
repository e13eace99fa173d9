import type { Request } from 'express';

/**
 * The client's address: the connection's peer, or — only when that peer is one of
 * `listen.trustedProxies` — what the proxy wrote in X-Forwarded-For (Express's `trust
 * proxy`, set from the config in app.ts, walks the header from the right and stops at the
 * first address it does not trust, so a client cannot choose its own address).
 */
export function clientAddress(req: Request): string {
  return (req.ip ?? req.socket.remoteAddress ?? '').replace(/^::ffff:/, '').slice(0, 45);
}
