import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createSilentLogger } from '../main/services/logging/logger.js';
import type { BrowserHost } from './browser-host.js';
import { startBrowserHost } from './browser-host.js';
import { BRIDGE_SOCKET_PATH } from './wire-protocol.js';

// Notices the services raise before any page listens (here: the keychain failing at start) wait
// in the services and reach the first page that connects, in the browser host as in Electron.

let host: BrowserHost;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'rms-early-notices-'));
  const renderer = path.join(work, 'renderer');
  mkdirSync(renderer, { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><html><head><title>RMS Console</title></head><body></body></html>');
  const broken = () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'));
  host = await startBrowserHost({
    backendUrl: 'http://127.0.0.1:9',
    dataDir: path.join(work, 'data'),
    rendererDir: renderer,
    secretStore: { get: broken, set: broken, delete: broken },
    logger: createSilentLogger(),
  });
});

afterAll(async () => {
  await host?.close();
  rmSync(work, { recursive: true, force: true });
});

/** The first message a new page's socket receives, or 'nothing' after `waitMs`. */
function firstEvent(waitMs = 5_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    setTimeout(() => resolve('nothing'), waitMs);
    const ws = new WebSocket(`ws://${new URL(host.origin).host}${BRIDGE_SOCKET_PATH}`, { headers: { origin: host.origin } });
    ws.once('open', () => ws.send(JSON.stringify({ token: host.token })));
    ws.once('message', (data) => {
      resolve(JSON.parse(String(data)));
      ws.close();
    });
    ws.once('error', reject);
  });
}

describe('browser host: notices raised before a page listens', () => {
  it('delivers the start-up keychain notice to the first page that connects, and only once', async () => {
    expect(await firstEvent()).toEqual({
      event: 'app:notice',
      payload: { level: 'warning', code: 'keychain_unavailable', message: expect.stringMatching(/kept in memory only/) },
    });
    expect(await firstEvent(500)).toBe('nothing');
  });
});
