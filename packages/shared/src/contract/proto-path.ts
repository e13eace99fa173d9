import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The folder of the agent contract. Both processes load the .proto files at run time
 * (proto-loader), so the repository's proto/ folder is the single source of truth.
 */
export function protoRoot(): string {
  const candidates = [
    process.env.HEARTH_PROTO_DIR,
    resolve(__dirname, '../../../../proto'), // packages/shared/{src,dist}/contract → repo root
    resolve(__dirname, '../../../proto'),
  ].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => existsSync(join(p, 'hearth/agent/v1/agent.proto')));
  if (!found) throw new Error(`Cannot find proto/hearth/agent/v1/agent.proto (tried ${candidates.join(', ')})`);
  return found;
}

/** Every contract file, relative to protoRoot(). */
export function contractFiles(): string[] {
  const dir = join(protoRoot(), 'hearth/agent/v1');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.proto'))
    .sort()
    .map((f) => `hearth/agent/v1/${f}`);
}

export const PROTO_LOADER_OPTIONS = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
} as const;

/** Metadata keys that carry Hearth's error reason across gRPC. */
export const ERROR_CODE_KEY = 'hearth-error-code';
export const ERROR_STEP_KEY = 'hearth-error-step';
// Binary (-bin) so details may hold any UTF-8: ASCII-only metadata would throw on “quotes”.
export const ERROR_DETAILS_KEY = 'hearth-error-details-bin';
export const AUTH_METADATA_KEY = 'authorization';
