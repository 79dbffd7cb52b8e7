import http from 'node:http';

/** One raw HTTP exchange: nothing is encoded or fixed up on the way out. */
export interface RawRequest {
  method: string;
  /** Path and query exactly as sent (may be malformed on purpose). */
  path: string;
  headers?: Record<string, string | string[]>;
  body?: Buffer | string;
}

/** What came back. */
export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Parsed JSON body, or undefined when the body was not JSON. */
  json: unknown;
}

/** Sends one request with node:http (so bodies, headers and paths go out byte for byte), bounded by `timeoutMs`. */
export function rawRequest(baseUrl: string, req: RawRequest, timeoutMs = 15_000): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  const headers: Record<string, string | string[] | number> = { ...(req.headers ?? {}) };
  if (body !== undefined && headers['content-length'] === undefined) headers['content-length'] = body.length;
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent: false, timeout: timeoutMs },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`No answer to ${req.method} ${req.path} within ${timeoutMs} ms`)));
    request.on('error', reject);
    if (body !== undefined) request.write(body);
    request.end();
  });
}
