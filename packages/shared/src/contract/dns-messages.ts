/** TypeScript shapes of dns.proto messages (proto-loader with keepCase and defaults). */
export interface DnsRecordMsg {
  id: string;
  name: string;
  type: string;
  content: string;
  ttl: number;
  has_priority: boolean;
  priority: number;
  protected: boolean;
}

/** The zone of an account: its username and canonical domain. */
export interface ZoneRefMsg {
  username: string;
  domain: string;
}
