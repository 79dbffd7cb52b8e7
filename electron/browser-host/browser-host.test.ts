import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { seedCompany, seedUser } from '../../server/test/support/seed.js';
import { startTestServer } from '../../server/test/support/test-server.js';
import type { TestServer } from '../../server/test/support/test-server.js';
import { createSilentLogger } from '../main/services/logging/logger.js';
import type { BrowserHost } from './browser-host.js';
import { startBrowserHost } from './browser-host.js';
import { BRIDGE_SOCKET_PATH, TOKEN_COOKIE } from './wire-protocol.js';

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

  it('serves nothing without the per-run token, and trades the token for an HttpOnly cookie', async () => {
    expect((await fetch(`${host.origin}/`)).status).toBe(401);
    expect((await fetch(`${host.origin}/?token=wrong`)).status).toBe(401);
    const first = await fetch(host.url, { redirect: 'manual' });
    expect(first.status).toBe(302);
    expect(first.headers.get('set-cookie')).toBe(`${TOKEN_COOKIE}=${host.token}; HttpOnly; SameSite=Strict; Path=/`);
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
    const page = await fetch(`${host.origin}/`, { headers: { cookie: `${TOKEN_COOKIE}=${host.token}` } });
    const html = await page.text();
    const wsOrigin = `ws://${new URL(host.origin).host}`;
    expect(html.indexOf('/__rms/bridge.js')).toBeGreaterThan(-1);
    expect(html.indexOf('/__rms/bridge.js')).toBeLessThan(html.indexOf('/assets/app.js'));
    expect(html).toContain(`connect-src 'self' ${wsOrigin}`);
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${wsOrigin}`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('refuses a socket without the token, with a wrong token, or from a foreign Origin', async () => {
    const wsUrl = `ws://${new URL(host.origin).host}${BRIDGE_SOCKET_PATH}`;
    await expect(openSocket(wsUrl)).rejects.toThrow('HTTP 401');
    await expect(openSocket(`${wsUrl}?token=${'x'.repeat(host.token.length)}`)).rejects.toThrow('HTTP 401');
    await expect(openSocket(wsUrl, { cookie: `${TOKEN_COOKIE}=${host.token}`, origin: 'https://evil.example' })).rejects.toThrow('HTTP 401');
  });

  it('carries the channel map over the socket, with events, using the same main services', async () => {
    const company = await seedCompany(t);
    const user = await seedUser(t, company.id);
    const ws = await openSocket(`ws://${new URL(host.origin).host}${BRIDGE_SOCKET_PATH}`, { cookie: `${TOKEN_COOKIE}=${host.token}`, origin: host.origin });
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
      expect(new URL(page.url()).search).toBe(''); // the token left the address bar
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
