/**
 * The `metrics` section of the API's and the agent's configuration: a Prometheus
 * /metrics listener, loopback only (the figures tell an outsider how busy the panel is
 * and what fails). Off unless enabled; quickstart enables it on fixed loopback ports.
 */
export interface MetricsConfig {
  enabled: boolean;
  host: string;
  port: number;
}

export const LOOPBACK_HOST_PATTERN = '^(127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}|::1|localhost)$';

export const metricsConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean', default: false },
    host: { type: 'string', pattern: LOOPBACK_HOST_PATTERN, default: '127.0.0.1' },
    port: { type: 'integer', minimum: 0, maximum: 65535, default: 0 },
  },
} as const;

export const METRICS_CONFIG_DEFAULTS: MetricsConfig = { enabled: false, host: '127.0.0.1', port: 0 };
