import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isServiceError } from '../errors/service-error.js';
import { createTestCertificates } from '../test-support/test-certificates.js';
import type { TestCertificates } from '../test-support/test-certificates.js';
import { ApiClient } from './api-client.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_req, res) => res.end();
let http: Server;
let https: Server;
let certs: TestCertificates;
const origin = (s: Server, scheme: string) => `${scheme}://127.0.0.1:${(s.address() as AddressInfo).port}`;

beforeAll(async () => {
  certs = createTestCertificates();
  http = createServer((req, res) => handler(req, res));
  https = createHttpsServer({ cert: certs.certPem, key: certs.keyPem }, (_req, res) => res.end('{"status":"ok"}'));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
});

afterAll(async () => {
  await new Promise((r) => http.close(r));
  await new Promise((r) => https.close(r));
  certs.cleanup();
});

async function failure(client: ApiClient, path = '/x') {
  try {
    await client.request({ method: 'GET', path, schema: z.object({ ok: z.literal(true) }) });
  } catch (err) {
    if (isServiceError(err)) return err.info;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('API client error mapping (real loopback servers)', () => {
  it('validates a good answer and sends the bearer token', async () => {
    let seen: string | undefined;
    handler = (req, res) => {
      seen = req.headers.authorization;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true }));
    };
    const client = new ApiClient({ origin: origin(http, 'http') });
    expect(await client.request({ method: 'GET', path: '/me', accessToken: 'abc', schema: z.object({ ok: z.literal(true) }) })).toEqual({ ok: true });
    expect(seen).toBe('Bearer abc');
  });

  it('passes the server error body through (retryAfterSeconds, offsetSeconds)', async () => {
    handler = (_req, res) => {
      res.statusCode = 429;
      res.end(JSON.stringify({ error: 'too_many_attempts', message: 'slow down', retryAfterSeconds: 60 }));
    };
    expect(await failure(new ApiClient({ origin: origin(http, 'http') }))).toEqual({
      code: 'too_many_attempts',
      status: 429,
      retryAfterSeconds: 60,
      message: 'Too many attempts. Try again in about 1 minute.',
    });
    handler = (_req, res) => {
      res.statusCode = 401;
      res.end(JSON.stringify({ error: 'clock_skew', message: 'skew', offsetSeconds: 120 }));
    };
    expect(await failure(new ApiClient({ origin: origin(http, 'http') }))).toMatchObject({ code: 'clock_skew', offsetSeconds: 120, message: expect.stringMatching(/about 2 minutes ahead/) });
  });

  it('maps a 503 without a body to service_unavailable', async () => {
    handler = (_req, res) => {
      res.statusCode = 503;
      res.end('<html>maintenance</html>');
    };
    expect(await failure(new ApiClient({ origin: origin(http, 'http') }))).toMatchObject({ code: 'service_unavailable', status: 503 });
  });

  it('maps an unparseable or wrongly shaped answer to unexpected_response', async () => {
    handler = (_req, res) => res.end('<html>captive portal</html>');
    expect(await failure(new ApiClient({ origin: origin(http, 'http') }))).toMatchObject({ code: 'unexpected_response', status: 200 });
    handler = (_req, res) => {
      res.statusCode = 418;
      res.end('{"weird":true}');
    };
    expect(await failure(new ApiClient({ origin: origin(http, 'http') }))).toMatchObject({ code: 'unexpected_response', status: 418 });
  });

  it('maps a refused connection and an unknown host to backend_unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadOrigin = origin(closed, 'http');
    await new Promise((r) => closed.close(r));
    expect(await failure(new ApiClient({ origin: deadOrigin }))).toMatchObject({ code: 'backend_unreachable', message: expect.stringMatching(/cannot be reached/) });
    expect(await failure(new ApiClient({ origin: 'https://rms.invalid' }))).toMatchObject({ code: 'backend_unreachable' });
  });

  it('maps an untrusted certificate to tls_error', async () => {
    expect(await failure(new ApiClient({ origin: origin(https, 'https') }))).toMatchObject({ code: 'tls_error', message: expect.stringMatching(/certificate is not trusted/) });
  });

  it('uses the fetch it is given (Electron hands in net.fetch)', async () => {
    const urls: string[] = [];
    const client = new ApiClient({
      origin: 'https://rms.example.com',
      fetch: (async (input: RequestInfo | URL) => {
        urls.push(input instanceof Request ? input.url : String(input));
        return new Response(JSON.stringify({ ok: true }), { status: 200, headers: { 'content-type': 'application/json' } });
      }) as typeof fetch,
    });
    await client.request({ method: 'GET', path: '/company/users', query: { limit: 5, cursor: undefined }, schema: z.object({ ok: z.literal(true) }) });
    expect(urls).toEqual(['https://rms.example.com/api/v1/company/users?limit=5']);
  });
});
