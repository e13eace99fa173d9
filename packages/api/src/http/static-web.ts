import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { RequestHandler, Router } from 'express';

/** The built web panel (packages/web/dist), next to this package in the repository. */
export const WEB_DIST = join(__dirname, '..', '..', '..', 'web', 'dist');

/** Paths that belong to the API and never get the panel's page, whatever the Accept header says. */
const NOT_THE_PANEL = /^\/(api|execute|uapi|healthz|readyz|metrics)(\/|$)/;

/** The page's own rules: scripts and styles only from this origin, never framed. */
const PAGE_HEADERS: RequestHandler = (_req, res, next) => {
  res.set({
    'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  next();
};

/**
 * Serves the web panel at / on the API's listener, mounted after every API route: files from
 * the build (hashed assets cached for a year), and for any other GET that is not an API path
 * the app's index.html (the app routes in the browser). Without a build it serves nothing.
 */
export function staticWeb(dist = WEB_DIST): Router {
  const r = Router();
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return r;
  r.use((req, res, next) => (NOT_THE_PANEL.test(req.path) ? next('router') : next()));
  r.use(PAGE_HEADERS);
  r.use('/assets', express.static(join(dist, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }));
  r.use(express.static(dist, { index: false, maxAge: 0 }));
  r.get(/.*/, (_req, res) => {
    res.set('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return r;
}
