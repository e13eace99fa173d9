import type { StepContext } from '../operations/step';
import type { WebParts } from '../web/web-parts';
import type { TlsManager } from './tls-manager';

/** What the TLS module adds to the step context: the certificate manager, null when TLS is off. */
export interface TlsParts {
  readonly tls: TlsManager | null;
}

/** TLS steps also ask whether the web module serves (no vhost, no HTTP-01 challenge). */
export type TlsNeeds = TlsParts & Pick<WebParts, 'web'>;

export type TlsContext = StepContext<TlsNeeds>;
