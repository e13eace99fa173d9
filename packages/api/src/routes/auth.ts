import { Router } from 'express';
import type { AppDeps } from '../compose-api';
import { principalOf } from '../http/principal';
import { clientAddress } from '../http/client-address';

/** /auth: people's sessions. Login is the one route without credentials (see http/auth.ts). */
export function authRoutes({ sessions }: AppDeps): Router {
  const r = Router();
  r.post('/auth/login', async (req, res) => {
    res.json({ data: await sessions.login(req.body, clientAddress(req)) });
  });
  r.post('/auth/logout', async (req, res) => {
    await sessions.logout(principalOf(req));
    res.status(204).end();
  });
  r.post('/auth/password', async (req, res) => {
    await sessions.changePassword(principalOf(req), req.body);
    res.status(204).end();
  });
  r.get('/auth/me', (req, res) => {
    res.json({ data: sessions.me(principalOf(req)) });
  });
  return r;
}
