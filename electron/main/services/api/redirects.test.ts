import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMainServices } from '../create-main-services.js';
import { isServiceError } from '../errors/service-error.js';
import { createSilentLogger } from '../logging/logger.js';
import type { FetchFunction } from './api-client.js';
import { ApiClient } from './api-client.js';
import type { ClientRequestFactory, ClientRequestLike, ClientRequestOptions } from './client-request-fetch.js';
import { createClientRequestFetch } from './client-request-fetch.js';

/**
 * A stand-in for Electron's `net.request` over Node's http, with Electron's redirect rules: in
 * 'manual' mode a 3xx emits 'redirect', and unless a listener aborts (or follows) the request
 * dies with "Redirect was cancelled"; the new address is never contacted.
 */
function nodeNetRequest(seen: ClientRequestOptions[]): ClientRequestFactory {
  return (options) => {
    seen.push(options);
    const emitter = new EventEmitter();
    const headers: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let aborted = false;
    const r: ClientRequestLike = {
      setHeader: (name, value) => void (headers[name] = value),
      on: ((event: string, listener: (...args: unknown[]) => void) => emitter.on(event, listener)) as ClientRequestLike['on'],
      write: (chunk) => void chunks.push(chunk),
      abort: () => void (aborted = true),
      end: () => {
        const req = httpRequest(options.url, { method: options.method, headers }, (res) => {
          const location = res.headers.location;
          if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && location && options.redirect === 'manual') {
            emitter.emit('redirect', res.statusCode, options.method, new URL(location, options.url).href, res.headers);
            res.resume();
            if (!aborted) emitter.emit('error', new Error('Redirect was cancelled'));
            return;
          }
          emitter.emit('response', Object.assign(res, { statusCode: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '' }));
        });
        req.on('error', (error) => emitter.emit('error', error));
        req.end(Buffer.concat(chunks));
      },
    };
    return r;
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let handler: Handler = (_req, res) => res.end();
let server: Server;
let origin: string;
const received: { method: string; url: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

async function failure(client: ApiClient, method: 'GET' | 'POST' = 'GET', body?: unknown) {
  try {
    await client.request({ method, path: '/auth/refresh', body, schema: z.object({ ok: z.literal(true) }) });
  } catch (err) {
    if (isServiceError(err)) return err.info;
    throw err;
  }
  throw new Error('expected a failure');
}

const electronSeen: ClientRequestOptions[] = [];
const hosts: [string, () => FetchFunction][] = [
  ['browser host (Node fetch)', () => globalThis.fetch],
  ['Electron (net.request, redirect handled in the fetch)', () => createClientRequestFetch(nodeNetRequest(electronSeen))],
];

describe.each(hosts)('a redirect from the server address, %s', (_label, fetchFor) => {
  it.each([301, 302, 303, 307, 308])('HTTP %i: refused with a sentence naming where it leads; nothing is sent there', async (status) => {
    handler = (_req, res) => {
      res.writeHead(status, { location: `${origin}/portal/login?next=%2F` });
      res.end();
    };
    received.length = 0;
    const info = await failure(new ApiClient({ origin, fetch: fetchFor() }), 'POST', { refreshToken: 'r-secret' });
    expect(info).toMatchObject({ code: 'unexpected_response', status });
    expect(info.message).toContain(`sends the app to 127.0.0.1:${new URL(origin).port} (HTTP ${status})`);
    expect(info.message).toMatch(/captive portal .* single-sign-on proxy/);
    // Only the original request reached a server: the refresh token was not replayed to the portal.
    expect(received.map((r) => r.url)).toEqual(['/api/v1/auth/refresh']);
  });

  it('names a foreign host and answers the same on both hosts', async () => {
    handler = (_req, res) => {
      res.writeHead(302, { location: 'https://login.portal.example/start' });
      res.end();
    };
    expect(await failure(new ApiClient({ origin, fetch: fetchFor() }))).toEqual({
      code: 'unexpected_response',
      status: 302,
      message:
        "The server address sends the app to login.portal.example (HTTP 302) instead of answering, so something else is answering for the RMS server: a captive portal (hotel or guest Wi-Fi) or a single-sign-on proxy. Sign in to the network in your browser, or ask your IT team for the server's direct address.",
    });
  });

  it('still carries ordinary answers and bodies', async () => {
    handler = (_req, res, body) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: body === '{"x":1}' }));
    };
    const client = new ApiClient({ origin, fetch: fetchFor() });
    expect(await client.request({ method: 'POST', path: '/x', body: { x: 1 }, schema: z.object({ ok: z.literal(true) }) })).toEqual({ ok: true });
  });
});

describe('what the API client asks of fetch', () => {
  it('no redirect following and no HTTP cache, for every call', async () => {
    const requests: Request[] = [];
    const client = new ApiClient({
      origin: 'https://rms.example.com',
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        requests.push(new Request(input, init));
        return new Response(JSON.stringify({ ok: true }), { status: 200 });
      }) as typeof fetch,
    });
    await client.request({ method: 'GET', path: '/me', schema: z.object({ ok: z.literal(true) }) });
    expect(requests.map((r) => [r.redirect, r.cache])).toEqual([['manual', 'no-store']]);
  });

  it('the Electron fetch passes them on to net.request, with no cookies', async () => {
    handler = (_req, res) => res.end(JSON.stringify({ ok: true }));
    electronSeen.length = 0;
    await new ApiClient({ origin, fetch: createClientRequestFetch(nodeNetRequest(electronSeen)) }).request({ method: 'GET', path: '/me', schema: z.object({ ok: z.literal(true) }) });
    expect(electronSeen).toEqual([{ method: 'GET', url: `${origin}/api/v1/me`, redirect: 'manual', cache: 'no-store', credentials: 'omit' }]);
  });
});

describe('the first-run screen', () => {
  it('keeps the redirect sentence when the typed address redirects (not "not an RMS server")', async () => {
    handler = (_req, res) => {
      res.writeHead(302, { location: 'https://sso.corp.example/auth' });
      res.end();
    };
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rms-redirect-'));
    try {
      const services = await createMainServices({
        host: 'browser-host',
        version: '0.0.0-test',
        dataDir,
        packaged: false,
        policyFile: path.join(dataDir, 'no-policy.json'),
        secretStore: 'none',
        platformFeatures: { copyText: async () => undefined, saveTextFile: async () => ({ saved: false, fileName: null }) },
        logger: createSilentLogger(),
      });
      await services.start();
      expect(await services.dispatcher.dispatch('app:setBackendUrl', { url: origin })).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'unexpected_response', status: 302, message: expect.stringContaining('sends the app to sso.corp.example (HTTP 302)') }),
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
