import { Router } from 'express';
import type { AppDeps } from '../compose-api';
import { requireScope } from '../http/auth';
import { idParam } from '../http/params';

/**
 * /accounts/{id}/dns/records: the records of the account's zone. Names are fully
 * qualified (or "@" for the apex); changes answer with the zone's new SOA serial in meta.
 */
export function dnsRecordRoutes({ dnsRecords }: AppDeps): Router {
  const r = Router();
  r.get('/accounts/:id/dns/records', async (req, res) => {
    res.json(await dnsRecords.list(idParam(req.params.id)));
  });
  r.post('/accounts/:id/dns/records', requireScope('dns.manage'), async (req, res) => {
    res.status(201).json(await dnsRecords.create(idParam(req.params.id), req.body));
  });
  r.put('/accounts/:id/dns/records/:recordId', requireScope('dns.manage'), async (req, res) => {
    res.json(await dnsRecords.update(idParam(req.params.id), req.params.recordId, req.body));
  });
  r.delete('/accounts/:id/dns/records/:recordId', requireScope('dns.manage'), async (req, res) => {
    await dnsRecords.delete(idParam(req.params.id), req.params.recordId);
    res.status(204).end();
  });
  return r;
}
