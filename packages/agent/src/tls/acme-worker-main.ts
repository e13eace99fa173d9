import { createLogger } from '@hearth/shared';
import type { WorkerReply } from '../system/forked-worker';
import { AcmeIssuer } from './acme-issuer';
import type { AcmeAnswer, AcmeOrder } from './forked-acme-issuer';

/**
 * The ACME worker: a child of the agent (ForkedAcmeIssuer) that orders certificates with
 * acme-client and answers each order with the chain and key, or the CA's reason. The agent
 * installs what it gets through its own checks (TlsManager). Orders come only from the
 * parent, through the inherited pipe; it ends when the parent disconnects or goes away.
 */
const issuers = new Map<string, AcmeIssuer>();

function issuerFor(order: AcmeOrder): AcmeIssuer {
  // One issuer (one ACME account, one kept-alive connection) per agent configuration.
  const key = JSON.stringify([order.settings, order.stateDir, order.challengeDir]);
  let issuer = issuers.get(key);
  if (!issuer) {
    const log = createLogger('hearth-agent', order.logLevel).child({ component: 'acme-worker' });
    issuer = new AcmeIssuer(order.settings, order.stateDir, order.challengeDir, log);
    issuers.set(key, issuer);
  }
  return issuer;
}

process.on('message', (order: WorkerReply<AcmeOrder>) => {
  const reply = (answer: AcmeAnswer) => process.send?.({ ...answer, id: order.id });
  issuerFor(order).issue(order.names).then(
    (certificate) => reply({ certificate }),
    (err: unknown) => reply({ error: err instanceof Error ? err.message : String(err) }),
  );
});
process.on('disconnect', () => process.exit(0));
