import { loadApiConfig, ApiConfig } from '@hearth/api';

export interface CliContext {
  apiConfig(): ApiConfig;
  out(line: string): void;
  err(line: string): void;
}

export function defaultContext(): CliContext {
  let cached: ApiConfig | null = null;
  return {
    apiConfig: () => (cached ??= loadApiConfig(process.env.HEARTH_API_CONFIG ?? '/etc/hearth/api.json')),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
}

export type Command = (args: string[], ctx: CliContext) => Promise<number>;
