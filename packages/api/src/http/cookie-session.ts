import type { Request, RequestHandler, Response } from 'express';
import type { SessionService } from '../services/session-service';
import { clientAddress } from './client-address';

/**
 * The web panel's sessions: the same JWT sessions as POST /auth/login, carried in a cookie the
 * page's script cannot read (HttpOnly), that the browser sends only to this origin's /api/v1
 * (SameSite=Strict, Path) and only over HTTPS (Secure).
 *
 * CSRF: a cookie is honoured only on requests that also carry `X-Hearth-Session: cookie`. A
 * custom header cannot be sent cross-origin without a CORS preflight, which the API never
 * grants, so a page on another origin — also a customer's site on a sibling subdomain, which
 * SameSite alone would count as same-site — cannot make the browser use the cookie.
 * An Authorization header, when present, always wins: API clients are unaffected.
 */
export const SESSION_COOKIE = 'hearth_session';
export const SESSION_HEADER = 'x-hearth-session';
const COOKIE_PATH = '/api/v1';
/** A JWT: three base64url parts. Anything else in the cookie is ignored. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function cookieValue(req: Request): string | null {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return JWT_SHAPE.test(value) ? value : null;
    }
  }
  return null;
}

function setCookie(res: Response, value: string, maxAgeSeconds: number): void {
  res.append('Set-Cookie', `${SESSION_COOKIE}=${value}; Path=${COOKIE_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=Strict`);
}

/** Mounted under /api/v1 after the audit trail and before authenticate(). */
export function cookieSession(sessions: SessionService): RequestHandler {
  return async (req, res, next) => {
    if (req.get(SESSION_HEADER) !== 'cookie') return next();
    if (req.method === 'POST' && req.path === '/auth/login') {
      // Same login (throttle, audit as POST /auth/login); the JWT goes into the cookie, not the body.
      const { token, ...rest } = await sessions.login(req.body, clientAddress(req));
      setCookie(res, token, Math.max(0, Math.floor((Date.parse(rest.expires_at) - Date.now()) / 1000)));
      res.json({ data: { ...rest, token_type: 'Cookie' } });
      return;
    }
    const jwt = cookieValue(req);
    if (jwt && !req.get('authorization')) req.headers.authorization = `Bearer ${jwt}`;
    // Logout revokes the session (the route) and drops the cookie (here), whatever the outcome.
    if (req.method === 'POST' && req.path === '/auth/logout') setCookie(res, '', 0);
    next();
  };
}
