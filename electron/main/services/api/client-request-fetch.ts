import type { FetchFunction } from './api-client.js';

/** The response side of a client request (Electron's IncomingMessage is one): status, headers, body chunks. */
export interface IncomingMessageLike extends AsyncIterable<Buffer | string> {
  statusCode: number;
  statusMessage: string;
  headers: Record<string, string | string[]>;
}

/** The part of Electron's ClientRequest (`net.request`) the fetch below uses. */
export interface ClientRequestLike {
  setHeader(name: string, value: string): void;
  on(event: 'response', listener: (response: IncomingMessageLike) => void): unknown;
  on(event: 'redirect', listener: (statusCode: number, method: string, redirectUrl: string, headers: Record<string, string | string[]>) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  write(chunk: Buffer): void;
  end(): void;
  abort(): void;
}

/** What the fetch asks of `net.request`: no cookies or HTTP auth, no cache, redirects handed back. */
export interface ClientRequestOptions {
  method: string;
  url: string;
  redirect: 'manual' | 'follow' | 'error';
  cache: RequestCache;
  credentials: 'omit';
}

/** Creates a client request (Electron: `(options) => net.request(options)`). */
export type ClientRequestFactory = (options: ClientRequestOptions) => ClientRequestLike;

function headersOf(raw: Record<string, string | string[]>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  return headers;
}

/**
 * A fetch over Electron's `net.request` that keeps `redirect: 'manual'` working: Electron's own
 * net.fetch fails such a request with "Redirect was cancelled" and says nothing of where it was
 * sent (electron/electron#43715), while Node's fetch returns the 3xx. Here the redirect is answered
 * as the 3xx with its Location, and the request is dropped before anything goes to the new address.
 */
export function createClientRequestFetch(request: ClientRequestFactory): FetchFunction {
  return async (input, init) => {
    const req = new Request(input, init);
    if (req.signal.aborted) throw req.signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
    const body = req.body ? Buffer.from(await req.arrayBuffer()) : null;
    const r = request({ method: req.method, url: req.url, redirect: req.redirect, cache: req.cache, credentials: 'omit' });
    for (const [name, value] of req.headers) r.setHeader(name, value);
    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        req.signal.removeEventListener('abort', onAbort);
        fn();
      };
      const onAbort = () => {
        settle(() => reject(req.signal.reason ?? new DOMException('The operation was aborted.', 'AbortError')));
        r.abort();
      };
      req.signal.addEventListener('abort', onAbort, { once: true });
      r.on('redirect', (statusCode, _method, redirectUrl, headers) => {
        const answer = headersOf(headers);
        answer.set('location', redirectUrl);
        settle(() => resolve(new Response(null, { status: statusCode, headers: answer })));
        r.abort();
      });
      r.on('response', (response) => {
        void (async () => {
          const chunks: Buffer[] = [];
          try {
            for await (const chunk of response) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
          } catch (error) {
            settle(() => reject(error));
            return;
          }
          const empty = [101, 204, 205, 304].includes(response.statusCode) || req.method === 'HEAD';
          settle(() => resolve(new Response(empty ? null : Buffer.concat(chunks), { status: response.statusCode, statusText: response.statusMessage, headers: headersOf(response.headers) })));
        })();
      });
      r.on('error', (error) => settle(() => reject(error)));
      if (body && body.length > 0) r.write(body);
      r.end();
    });
  };
}
