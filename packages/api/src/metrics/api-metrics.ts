import type { Express, Request } from 'express';
import type { Knex } from 'knex';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { LicenseService } from '../services/license-service';

const LICENSE_STATES = ['none', 'valid', 'expired', 'invalid'] as const;

const TEMPLATE = Symbol('hearth.routeTemplate');
const ROUTE = Symbol('hearth.route');
type Traced = Request & { [TEMPLATE]?: string; [ROUTE]?: unknown };

/**
 * Records the route template a request matched ("/api/v1/accounts/:id/suspend"), never
 * the raw path: ids and domains in a label would make every account its own time series.
 * It is read when the router sets `req.route`, because Express restores `req.baseUrl`
 * when an error leaves a router, and by the time the answer is sent the prefix is gone.
 * The accessor is defined once on the app's request prototype: defining it on each
 * request turned every request object into a slow dictionary-mode object.
 */
function traceRouteTemplates(app: Express): void {
  Object.defineProperty(app.request, 'route', {
    configurable: true,
    enumerable: true,
    get(this: Traced) {
      return this[ROUTE];
    },
    set(this: Traced, value: { path?: unknown } | undefined) {
      this[ROUTE] = value;
      if (value && typeof value.path === 'string') this[TEMPLATE] = `${this.baseUrl}${value.path}` || '/';
    },
  });
}

/**
 * The API's Prometheus metrics (prom-client), one registry per running API so that
 * several APIs in one process (tests) count apart. Served by the loopback /metrics
 * listener (`metrics` config).
 */
export class ApiMetrics {
  readonly registry = new Registry();

  readonly requests = new Counter({
    name: 'hearth_api_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly requestSeconds = new Histogram({
    name: 'hearth_api_http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
    registers: [this.registry],
  });

  constructor(license: LicenseService, db: Knex) {
    collectDefaultMetrics({ register: this.registry, prefix: 'hearth_api_' });
    new Gauge({
      name: 'hearth_license_state',
      help: 'License state: 1 for the current one of none, valid, expired, invalid',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const current = license.state().status.state;
        for (const state of LICENSE_STATES) this.set({ state }, state === current ? 1 : 0);
      },
    });
    new Gauge({
      name: 'hearth_license_account_limit',
      help: 'Accounts the license allows (-1: unlimited; 0 while not writable)',
      registers: [this.registry],
      collect() {
        const limit = license.state().accountLimit;
        this.set(limit === null ? -1 : limit);
      },
    });
    new Gauge({
      name: 'hearth_accounts',
      help: 'Hosting accounts in the panel database by status (provisioning and deleting rows await settlement)',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        const rows = await db('accounts').select('status').count({ n: '*' }).groupBy('status') as { status: string; n: number | string }[];
        this.reset();
        for (const status of ['provisioning', 'active', 'suspended', 'deleting']) this.set({ status }, 0);
        for (const r of rows) this.set({ status: r.status }, Number(r.n));
      },
    });
  }

  /** Counts and times every request of `app` once its answer is sent. */
  instrument(app: Express): void {
    traceRouteTemplates(app);
    app.use((req, res, next) => {
      const start = process.hrtime.bigint();
      res.once('finish', () => {
        const labels = { method: req.method, route: (req as Traced)[TEMPLATE] ?? 'unmatched', status: String(res.statusCode) };
        this.requests.inc(labels);
        this.requestSeconds.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
      });
      next();
    });
  }
}
