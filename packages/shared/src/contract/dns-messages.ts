import type { DnsRecord__Output, ListDnsRecordsRequest__Output } from './generated';

/** dns.proto's DnsRecord as received (generated from proto/; proto-loader fills defaults). */
export type DnsRecordMsg = DnsRecord__Output;

/** The zone of an account: its username and canonical domain (the fields every DnsService request starts with). */
export type ZoneRefMsg = Pick<ListDnsRecordsRequest__Output, 'username' | 'domain'>;
