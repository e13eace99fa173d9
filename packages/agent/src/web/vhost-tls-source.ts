import type { VhostTls } from './render-nginx-vhost';

/**
 * What the web module needs from TLS, and nothing more: the HTTPS section of a domain's
 * vhost, and a lock so a vhost rewrite never interleaves with a certificate install. The
 * TLS module implements it; the composition root wires it in (NO_VHOST_TLS without TLS).
 */
export interface VhostTlsSource {
  sectionFor(domain: string): Promise<VhostTls | null>;
  exclusive<T>(domain: string, work: () => Promise<T>): Promise<T>;
}

export const NO_VHOST_TLS: VhostTlsSource = {
  sectionFor: async () => null,
  exclusive: (_domain, work) => work(),
};
