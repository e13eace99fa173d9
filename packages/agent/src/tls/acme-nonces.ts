/** A response as acme-client's HttpClient returns it (an axios response). */
interface AcmeResponse {
  status: number;
  headers: Record<string, unknown>;
  data?: unknown;
}

/**
 * The two methods of acme-client's HttpClient (`client.http`, not in its type declarations)
 * that every signed request goes through: `getNonce` before it, `request` for it.
 */
export interface AcmeHttp {
  getNonce(): Promise<string>;
  request(url: string, method: string, opts?: object): Promise<AcmeResponse>;
}

/** How many unused nonces are kept; older ones are dropped (a CA expires them anyway). */
const KEPT = 32;

function isBadNonce(resp: AcmeResponse): boolean {
  const type = (resp.data as { type?: unknown } | undefined)?.type;
  return resp.status === 400 && type === 'urn:ietf:params:acme:error:badNonce';
}

/**
 * Signs each request with a nonce the CA already handed out instead of asking for a fresh
 * one every time. acme-client sends `HEAD newNonce` before every signed POST, although every
 * answer carries a new nonce in Replay-Nonce (RFC 8555 §7.2 lets a client use those): half of
 * a certificate's about 20 requests were those HEADs. Worse, Node keeps no connection alive
 * after a HEAD answer without Content-Length (Pebble's), so each POST after one opened a new
 * TLS connection: 62 handshakes for 6 certificates. Now a nonce from any earlier answer is
 * used, newest first, and `HEAD newNonce` only when none is left. A badNonce answer's nonce is
 * not kept: acme-client retries with it at once (a stale nonce costs that one retry).
 */
export function reuseNonces(http: AcmeHttp): void {
  const kept: string[] = [];
  const fetchNonce = http.getNonce.bind(http);
  const request = http.request.bind(http);
  http.request = async (url, method, opts) => {
    const resp = await request(url, method, opts);
    const nonce = resp.headers['replay-nonce'];
    // A HEAD's nonce is getNonce's own answer, used by the request that asked for it.
    if (method !== 'head' && typeof nonce === 'string' && nonce !== '' && !isBadNonce(resp)) {
      kept.push(nonce);
      if (kept.length > KEPT) kept.shift();
    }
    return resp;
  };
  http.getNonce = async () => kept.pop() ?? fetchNonce();
}
