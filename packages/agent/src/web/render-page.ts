import { safeDomain } from './safe-values';

/** Fills `{{domain}}` of an HTML template from the config (default index, suspended page). */
export function renderPage(template: string, domain: string): string {
  // The domain is already [a-z0-9.-]; checking again keeps markup out even if a caller forgets.
  return template.split('{{domain}}').join(safeDomain(domain));
}
