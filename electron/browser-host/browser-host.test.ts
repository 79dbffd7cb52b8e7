import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { seedCompany, seedUser } from '@rms/test-kit/seed';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { createSilentLogger } from '../main/services/logging/logger.js';
import type { BrowserHost } from './browser-host.js';
import { startBrowserHost } from './browser-host.js';
import { BRIDGE_SOCKET_PATH, CLOSE_BAD_TOKEN, TOKEN_STORAGE_KEY } from './wire-protocol.js';

let t: TestServer;
let host: BrowserHost;
let work: string;

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'" />
    <title>RMS Console</title>
  </head>
  <body>
    <div id="app"></div>
    <script type="module" src="/assets/app.js"></script>
  </body>
</html>`;

// A stand-in renderer: records whether window.rms existed when the module script started.
const APP_JS = `window.__rmsAtStartup = typeof window.rms === 'object' && typeof window.rms.auth.signIn === 'function';`;

beforeAll(async () => {
  t = await startTestServer();
  work = mkdtempSync(path.join(tmpdir(), 'rms-browser-host-'));
  const renderer = path.join(work, 'renderer');
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), INDEX_HTML);
  writeFileSync(path.join(renderer, 'assets/app.js'), APP_JS);
  host = await startBrowserHost({ backendUrl: t.url, dataDir: path.join(work, 'data'), rendererDir: renderer, secretStore: 'none', logger: createSilentLogger() });
});

afterAll(async () => {
  await host?.close();
  await t?.close();
  rmSync(work, { recursive: true, force: true });
});

function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const socketUrl = () => `ws://${new URL(host.origin).host}${BRIDGE_SOCKET_PATH}`;

/** A socket as the host's own page opens it: its Origin, then the token as the first message. */
async function admittedSocket(): Promise<WebSocket> {
  const ws = await openSocket(socketUrl(), { origin: host.origin });
  ws.send(JSON.stringify({ token: host.token }));
  return ws;
}

/** Resolves with the close code of a socket, or 'open' if it is still open after `waitMs`. */
function closeCode(ws: WebSocket, waitMs = 3_000): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('open'), waitMs);
    ws.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

function call(ws: WebSocket, id: number, channel: string, input?: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: unknown };
      if (message.id === id) {
        ws.off('message', onMessage);
        resolve(message.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, channel, input }));
  });
}

describe('browser host', () => {
  it('binds to loopback only', async () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const port = new URL(host.origin).port;
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) {
      await expect(fetch(`http://${external.address}:${port}/`, { signal: AbortSignal.timeout(3_000) })).rejects.toThrow();
    }
  });

  it('hands the token over only in the URL fragment: no request carries it and no cookie holds it', async () => {
    expect(host.url).toBe(`${host.origin}/#token=${host.token}`);
    const page = await fetch(`${host.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(await page.text()).not.toContain(host.token);
    const bridge = await fetch(`${host.origin}/__rms/bridge.js`);
    expect(bridge.headers.get('set-cookie')).toBeNull();
    expect(await bridge.text()).not.toContain(host.token);
  });

  it('refuses a request for another Host (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${host.url}`, { headers: { host: 'rebind.example:80' } }, (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('injects the bridge script before the renderer and adds its socket to the CSP', async () => {
    const page = await fetch(`${host.origin}/`);
    const html = await page.text();
    const wsOrigin = `ws://${new URL(host.origin).host}`;
    expect(html.indexOf('/__rms/bridge.js')).toBeGreaterThan(-1);
    expect(html.indexOf('/__rms/bridge.js')).toBeLessThan(html.indexOf('/assets/app.js'));
    expect(html).toContain(`connect-src 'self' ${wsOrigin}`);
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${wsOrigin}`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('refuses a socket without an Origin (any non-browser client), even one that knows the token', async () => {
    // The token presented every way a client could: a cookie, the query, the first message.
    const attempt = openSocket(`${socketUrl()}?token=${host.token}`, { cookie: `rms_host_token=${host.token}` }).then((ws) => {
      ws.send(JSON.stringify({ token: host.token }));
      return ws;
    });
    await expect(attempt).rejects.toThrow('HTTP 403');
  });

  it('refuses a socket from another origin, including another port of this computer', async () => {
    await expect(openSocket(socketUrl(), { origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
    const otherPort = `http://127.0.0.1:${Number(new URL(host.origin).port) + 1}`;
    await expect(openSocket(socketUrl(), { origin: otherPort })).rejects.toThrow('HTTP 403');
  });

  it('closes a socket whose first message is not the token, without answering anything', async () => {
    for (const first of [JSON.stringify({ token: 'x'.repeat(host.token.length) }), JSON.stringify({ id: 1, channel: 'app:getInfo' }), 'hello']) {
      const ws = await openSocket(socketUrl(), { origin: host.origin });
      const answers: string[] = [];
      ws.on('message', (data) => answers.push(String(data)));
      const closed = closeCode(ws);
      ws.send(first);
      ws.send(JSON.stringify({ id: 2, channel: 'app:getInfo' }));
      expect(await closed, first).toBe(CLOSE_BAD_TOKEN);
      expect(answers).toEqual([]);
    }
  });

  it('carries the channel map over the socket, with events, using the same main services', async () => {
    const company = await seedCompany(t);
    const user = await seedUser(t, company.id);
    const ws = await admittedSocket();
    const events: unknown[] = [];
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { event?: string; payload?: unknown };
      if (message.event) events.push(message);
    });
    expect(await call(ws, 1, 'app:getInfo')).toMatchObject({
      ok: true,
      value: { host: 'browser-host', backendUrl: t.url, backendLocked: true, storage: { persistent: false }, version: expect.stringMatching(/^\d+\.\d+\.\d+/) },
    });
    expect(await call(ws, 2, 'auth:signIn', { email: user.email, password: 'nope' })).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    expect(await call(ws, 3, 'auth:signIn', { email: user.email, password: user.password })).toMatchObject({ ok: true, value: { kind: 'signed_in' } });
    expect(events).toContainEqual({ event: 'auth:stateChanged', payload: expect.objectContaining({ kind: 'signed_in' }) });
    expect(await call(ws, 4, 'nope:nothing')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call(ws, 5, 'auth:signOut')).toMatchObject({ ok: true, value: { kind: 'signed_out' } });
    ws.close();
  });
});

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
describe.skipIf(!existsSync(chromiumPath))('browser host in real Chromium', () => {
  it('window.rms exists before the renderer starts and works over the socket; saving is a download', async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
    try {
      const context = await browser.newContext({ acceptDownloads: true });
      const page = await context.newPage();
      const cspErrors: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
      });
      await page.goto(host.url);
      expect(page.url()).toBe(`${host.origin}/`); // the token left the address bar...
      expect(await page.evaluate((key) => sessionStorage.getItem(key), TOKEN_STORAGE_KEY)).toBe(host.token); // ...for this tab's sessionStorage
      expect(await page.evaluate(() => (window as unknown as { __rmsAtStartup: boolean }).__rmsAtStartup)).toBe(true);
      const info = await page.evaluate(() => (window as unknown as { rms: { app: { getInfo(): Promise<unknown> } } }).rms.app.getInfo());
      expect(info).toMatchObject({ ok: true, value: { host: 'browser-host' } });
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.evaluate(() =>
          (window as unknown as { rms: { app: { saveTextFile(i: unknown): Promise<unknown> } } }).rms.app.saveTextFile({ suggestedName: 'rms-backup-code.txt', contents: 'ABCDE-FGHIJ' }),
        ),
      ]);
      expect(download.suggestedFilename()).toBe('rms-backup-code.txt');
      expect(cspErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe.skipIf(!existsSync(chromiumPath))('browser host token in real Chromium: other local pages', () => {
  it('a page on another local port cannot obtain the token, and a tab without it cannot drive the app', async () => {
    const seen: string[] = [];
    const evil = createServer((req, res) => {
      seen.push(JSON.stringify(req.headers));
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>another local service</title>');
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    const evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
    try {
      const context = await browser.newContext();
      const app = await context.newPage();
      await app.goto(host.url);
      expect(await app.evaluate(() => (window as unknown as { rms: { app: { getInfo(): Promise<unknown> } } }).rms.app.getInfo())).toMatchObject({ ok: true });

      // The developer then visits another local web service in the same browser.
      const other = await context.newPage();
      await other.goto(`${evilOrigin}/`);
      expect(seen.join('\n')).not.toContain(host.token); // no cookie (or anything else) carried it there
      const loot = await other.evaluate(
        async ({ hostOrigin, wsUrl }) => {
          const socket = await new Promise<string>((resolve) => {
            // The page's own WebSocket (the name WebSocket in this file is the `ws` package).
            const PageSocket = (globalThis as unknown as { WebSocket: new (url: string) => { onopen: () => void; onerror: () => void } }).WebSocket;
            const ws = new PageSocket(wsUrl);
            ws.onopen = () => resolve('opened');
            ws.onerror = () => resolve('refused');
          });
          let page = '';
          try {
            page = await (await fetch(`${hostOrigin}/`, { credentials: 'include' })).text();
          } catch {
            page = 'blocked';
          }
          return { cookie: document.cookie, storage: JSON.stringify({ ...sessionStorage, ...localStorage }), socket, page };
        },
        { hostOrigin: host.origin, wsUrl: socketUrl() },
      );
      expect(loot.socket).toBe('refused');
      expect(JSON.stringify(loot)).not.toContain(host.token);
      expect(await context.cookies()).toEqual([]);

      // A tab on the host's own origin that did not get the printed URL has no token either.
      const stray = await context.newPage();
      await stray.goto(`${host.origin}/`);
      expect(await stray.evaluate(() => (window as unknown as { rms: { app: { getInfo(): Promise<unknown> } } }).rms.app.getInfo())).toMatchObject({
        ok: false,
        error: { message: expect.stringMatching(/Open the URL the browser host printed/) },
      });
    } finally {
      await browser.close();
      await new Promise((resolve) => evil.close(resolve));
    }
  }, 60_000);
});
