import type { StepContext } from '../operations/step';
import type { WebDaemons } from './web-daemons';
import type { VhostTlsSource } from './vhost-tls-source';

/** What the web module's steps read from the step context. */
export interface WebParts {
  readonly web: WebDaemons;
  readonly vhostTls: VhostTlsSource;
}

export type WebContext = StepContext<WebParts>;

/** The web side a vhost renderer outside the web module needs (TLS installs): daemons, no TLS source. */
export type WebDaemonsContext = StepContext<Pick<WebParts, 'web'>>;
