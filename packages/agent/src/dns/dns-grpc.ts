import type { proto } from '@hearth/shared';
import type { GrpcRegistration } from '../grpc/grpc-registration';
import type { ModuleRuntime } from '../operations/agent-module';
import type { DnsParts } from './dns-parts';
import { DnsRecordOperations } from './dns-record-operations';

/** hearth.agent.v1.DnsService (dns.proto): the records of an account's zone. */
export function dnsGrpc({ runner, ctx }: ModuleRuntime<DnsParts>): GrpcRegistration {
  const records = new DnsRecordOperations(runner, { ...ctx, log: ctx.parts.log.child({ component: 'dns' }) });
  return {
    service: 'hearth.agent.v1.DnsService',
    handlers: {
      ListDnsRecords: (req: proto.ListDnsRecordsRequest__Output) => records.list(req),
      UpsertDnsRecord: (req: proto.UpsertDnsRecordRequest__Output) => records.upsert(req),
      DeleteDnsRecord: (req: proto.DeleteDnsRecordRequest__Output) => records.delete(req),
    },
  };
}
