/** The one answer shape of cPanel's UAPI, for success and failure alike. */
export interface UapiEnvelope {
  apiversion: 3;
  func: string;
  module: string;
  result: {
    data: unknown;
    errors: string[] | null;
    messages: string[] | null;
    metadata: Record<string, unknown>;
    status: 0 | 1;
    warnings: string[] | null;
  };
}

export function uapiSuccess(module: string, func: string, data: unknown, metadata: Record<string, unknown> = {}): UapiEnvelope {
  return { apiversion: 3, func, module, result: { data: data ?? null, errors: null, messages: null, metadata, status: 1, warnings: null } };
}

export function uapiFailure(module: string, func: string, errors: string[]): UapiEnvelope {
  return { apiversion: 3, func, module, result: { data: null, errors, messages: null, metadata: {}, status: 0, warnings: null } };
}
