import type { AgentDeps, ServiceRegistration } from './registration';
import { accountService } from './account-service';
import { dnsService } from '../dns/dns-service';
import { databaseService } from '../databases/database-grpc-service';
import { mailService } from '../mail/mail-service';
import { tlsService } from '../tls/tls-grpc-service';
import { subaccountService } from '../subaccounts/subaccount-grpc-service';

/** Every gRPC service the agent serves. Resource modules add theirs here. */
export function serviceRegistrations(deps: AgentDeps): ServiceRegistration[] {
  return [accountService(deps), dnsService(deps), databaseService(deps), mailService(deps), tlsService(deps), subaccountService(deps)];
}
