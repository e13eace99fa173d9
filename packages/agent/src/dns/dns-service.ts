import type { AgentDeps, ServiceRegistration } from '../grpc/registration';
import { DnsRecordOperations } from './dns-record-operations';

/** hearth.agent.v1.DnsService (dns.proto): the records of an account's zone. */
export function dnsService({ config, services, runner }: AgentDeps): ServiceRegistration {
  const records = new DnsRecordOperations(runner, { config, services, log: services.log.child({ component: 'dns' }) });
  return {
    service: 'hearth.agent.v1.DnsService',
    handlers: {
      ListDnsRecords: (req) => records.list(req),
      UpsertDnsRecord: (req) => records.upsert(req),
      DeleteDnsRecord: (req) => records.delete(req),
    },
  };
}
