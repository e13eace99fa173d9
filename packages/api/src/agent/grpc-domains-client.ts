import type { proto } from '@hearth/shared';
import type { AgentChannel } from './agent-channel';
import { present } from './present';

/** domains.proto messages, generated from proto/. */
export type AccountDomainMsg = proto.AccountDomain__Output;
export type AddDomainMsg = proto.AddDomainRequest__Output;
export type UpdateDomainMsg = proto.UpdateDomainRequest__Output;
export type RemoveDomainMsg = proto.RemoveDomainRequest__Output;

/** What the API needs of the agent for an account's addon domains, subdomains and aliases. */
export interface DomainsAgent {
  addDomain(req: AddDomainMsg): Promise<AccountDomainMsg>;
  updateDomain(req: UpdateDomainMsg): Promise<AccountDomainMsg>;
  removeDomain(req: RemoveDomainMsg): Promise<void>;
  listDomains(username: string, accountDomain: string): Promise<AccountDomainMsg[]>;
}

const SERVICE = 'hearth.agent.v1.DomainService';

export class GrpcDomainsAgent implements DomainsAgent {
  constructor(private readonly channel: AgentChannel) {}

  async addDomain(req: AddDomainMsg): Promise<AccountDomainMsg> {
    return present((await this.channel.call<proto.AddDomainResponse__Output>(SERVICE, 'AddDomain', req)).domain, 'domain');
  }

  async updateDomain(req: UpdateDomainMsg): Promise<AccountDomainMsg> {
    return present((await this.channel.call<proto.UpdateDomainResponse__Output>(SERVICE, 'UpdateDomain', req)).domain, 'domain');
  }

  async removeDomain(req: RemoveDomainMsg): Promise<void> {
    await this.channel.call(SERVICE, 'RemoveDomain', req);
  }

  async listDomains(username: string, accountDomain: string): Promise<AccountDomainMsg[]> {
    return (await this.channel.call<proto.ListDomainsResponse__Output>(SERVICE, 'ListDomains', { username, account_domain: accountDomain })).domains;
  }
}
