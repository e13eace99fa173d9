import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, Browser, BrowserContext, Page } from 'playwright-core';

/**
 * Headless Chromium from Debian's `chromium` package, driven by playwright-core (which never
 * downloads a browser). The browser may only talk to loopback: host names other than
 * 127.0.0.1 do not resolve, and every request of a context to anything else is aborted and
 * recorded, so a test can assert the panel fetched nothing from outside.
 */
export const CHROMIUM = process.env.HEARTH_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--no-proxy-server', '--disable-background-networking', '--disable-component-update'],
  });
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface LoopbackContext {
  context: BrowserContext;
  /** Requests the page tried to send somewhere other than loopback (aborted). */
  blocked: string[];
}

export async function loopbackContext(browser: Browser, baseURL: string, width = 1280, height = 800): Promise<LoopbackContext> {
  const context = await browser.newContext({ baseURL, viewport: { width, height } });
  context.setDefaultTimeout(60_000);
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (LOOPBACK.has(url.hostname) || url.protocol === 'data:') return route.continue();
    blocked.push(url.href);
    return route.abort();
  });
  return { context, blocked };
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
  targets: string[];
}

export interface AxeCounts {
  page: string;
  critical: number;
  serious: number;
  moderate: number;
  minor: number;
  violations: AxeViolation[];
}

/** Every axe-core count of the page as it is now (axe injected through the driver, so the page's CSP does not apply). */
export async function axeAudit(page: Page, name: string): Promise<AxeCounts> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(`(async () => {
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  })()`)) as AxeViolation[];
  const count = (impact: string): number => violations.filter((v) => v.impact === impact).reduce((s, v) => s + v.nodes, 0);
  return { page: name, critical: count('critical'), serious: count('serious'), moderate: count('moderate'), minor: count('minor'), violations };
}

/**
 * Screenshots at desktop (1280 px) and phone (390 px) width. Written to $HEARTH_SCREENSHOTS
 * (docs/screenshots when refreshing the committed ones), else to `fallbackDir`. Returns the
 * page's scroll width at phone width, which must not exceed 390 (nothing cut off sideways).
 */
export async function screenshots(page: Page, name: string, fallbackDir: string): Promise<number> {
  const dir = process.env.HEARTH_SCREENSHOTS ?? fallbackDir;
  mkdirSync(dir, { recursive: true });
  const original = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: join(dir, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(dir, `${name}-phone.png`), fullPage: true });
  const scrollWidth = (await page.evaluate('document.documentElement.scrollWidth')) as number;
  await page.setViewportSize(original);
  return scrollWidth;
}
