import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { entryPreloadLink } from '../main/app-pages/app-origin.js';
import { contentTypeFor, resolveAppFile } from '../main/app-pages/app-protocol-paths.js';
import type { MainServices, SecretStoreChoice } from '../main/services/create-main-services.js';
import { createMainServices } from '../main/services/create-main-services.js';
import { appError } from '../main/services/errors/service-error.js';
import type { Logger } from '../main/services/logging/logger.js';
import { createConsoleLogger } from '../main/services/logging/logger.js';
import { buildBridgeClient } from './build-client.js';
import { browserHostCsp, injectBridgeScript } from './page-injection.js';
import type { BridgeMessage } from './wire-protocol.js';
import { BRIDGE_SCRIPT_PATH, BRIDGE_SOCKET_PATH, CLOSE_BAD_TOKEN, parseBridgeHello, parseBridgeRequest, TOKEN_FRAGMENT_PREFIX } from './wire-protocol.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Options of the browser host. */
export interface BrowserHostOptions {
  /** The backend the services use (fixes it, like RMS_BACKEND_URL); omit to test the first-run screen. */
  backendUrl?: string;
  /** Port on 127.0.0.1 (0 or omitted: a free port). */
  port?: number;
  /** Data folder for settings.json. */
  dataDir: string;
  /** 'keytar' (default, with the memory fallback), 'none' (memory only: the fallback path) or a store. */
  secretStore?: SecretStoreChoice;
  /** The built renderer (default out/renderer). */
  rendererDir?: string;
  /** Policy file to read (default: RMS_POLICY_FILE or the per-OS path). */
  policyFile?: string;
  keychainTimeoutMs?: number;
  /** How often a signed-in session is checked with the server (default one minute). */
  sessionCheckMs?: number;
  logger?: Logger;
}

/** A running browser host. */
export interface BrowserHost {
  /** The URL to open: the per-run token rides in its fragment (`#token=…`), which no request carries. */
  url: string;
  /** http://127.0.0.1:port */
  origin: string;
  /** The per-run token (also in `url`): the first message every socket must send. */
  token: string;
  services: MainServices;
  close(): Promise<void>;
}

/** The app's version from the root package.json (the browser host is not started through npm in tests). */
async function appVersion(): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** How long a new socket may take to send its token. */
const HELLO_TIMEOUT_MS = 10_000;

/**
 * Starts the browser host: a loopback-only HTTP server serving the built renderer, plus the IPC
 * channel map over a WebSocket, running the same createMainServices as the Electron app. A socket
 * is accepted only from the host's own page (its exact Origin and Host), and it does nothing until
 * its first message carries the random per-run token, which only the tab the printed URL was
 * opened in holds (URL fragment → sessionStorage). A test/dev tool; never packaged.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const logger = options.logger ?? createConsoleLogger('browser-host');
  const rendererDir = path.resolve(options.rendererDir ?? path.join(repoRoot, 'out/renderer'));
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`The built renderer was not found in ${rendererDir}. Run "npm run build" first.`);
  }
  const token = randomBytes(24).toString('base64url');
  const clientScript = await buildBridgeClient();

  const services = await createMainServices({
    host: 'browser-host',
    version: await appVersion(),
    dataDir: options.dataDir,
    backendUrl: options.backendUrl,
    packaged: false,
    ...(options.policyFile ? { policyFile: options.policyFile } : {}),
    secretStore: options.secretStore ?? 'keytar',
    ...(options.keychainTimeoutMs ? { keychainTimeoutMs: options.keychainTimeoutMs } : {}),
    ...(options.sessionCheckMs ? { sessionCheckMs: options.sessionCheckMs } : {}),
    platformFeatures: {
      // The client script does both in the page; these only answer a misbehaving client.
      copyText: async () => {
        throw appError('invalid_input', 'Copying is done by the page in the browser host.');
      },
      saveTextFile: async () => {
        throw appError('invalid_input', 'Saving a file is done by the page in the browser host.');
      },
    },
    logger,
  });

  let hostPort = '';
  let origin = '';
  const server = createServer((req, res) => {
    void serveHttp(req, res).catch((err: unknown) => {
      logger.error('request failed', { detail: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  // The header policy follows the built page's own (its loader's hash): made once, when the port is known.
  const indexHtml = await readFile(path.join(rendererDir, 'index.html'), 'utf8').catch(() => null);
  let csp = '';
  const entryLink = indexHtml && entryPreloadLink(indexHtml);

  async function serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const security = { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, security).end();
    if (req.headers.host !== hostPort) return void res.writeHead(421, security).end('Wrong host');
    // The pages hold no secret: the token never reaches this server over HTTP.
    if (url.pathname === BRIDGE_SCRIPT_PATH) {
      res.writeHead(200, { ...security, 'Content-Type': 'text/javascript; charset=utf-8' });
      return void res.end(clientScript);
    }
    const file = resolveAppFile(`http://${hostPort}${url.pathname}`, rendererDir, hostPort);
    if (!file) return void res.writeHead(403, security).end('Forbidden');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      // No favicon in the build: answer "no content" so the browser console stays clean.
      if (url.pathname === '/favicon.ico') return void res.writeHead(204, security).end();
      return void res.writeHead(404, security).end('Not found');
    }
    if (path.basename(file) === 'index.html') {
      // The module entry is preloaded from the headers, as app:// does (entryPreloadLink).
      res.writeHead(200, { ...security, ...(entryLink ? { Link: entryLink } : {}), 'Content-Type': 'text/html; charset=utf-8' });
      return void res.end(injectBridgeScript(body.toString('utf8'), hostPort, clientScript));
    }
    res.writeHead(200, { ...security, 'Content-Type': contentTypeFor(file) });
    res.end(body);
  }

  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    const refuse = (status: string, why: string) => {
      logger.warn('refused a socket', { why, path: url.pathname, origin: req.headers.origin ?? 'none' });
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== BRIDGE_SOCKET_PATH) return refuse('404 Not Found', 'unknown path');
    if (req.headers.host !== hostPort) return refuse('421 Misdirected Request', 'wrong Host');
    // Browsers always send Origin on a WebSocket; a client without one (or another page's) is not this app's page.
    if (req.headers.origin !== origin) return refuse('403 Forbidden', req.headers.origin ? 'foreign Origin' : 'no Origin');
    wss.handleUpgrade(req, socket, head, (ws) => {
      let admitted = false;
      let stopEvents = () => {};
      const timer = setTimeout(() => ws.close(CLOSE_BAD_TOKEN, 'No token'), HELLO_TIMEOUT_MS);
      ws.on('close', () => {
        clearTimeout(timer);
        stopEvents();
        sockets.delete(ws);
      });
      ws.on('message', (data) => {
        if (!admitted) {
          const hello = parseBridgeHello(String(data));
          clearTimeout(timer);
          if (!hello || !sameToken(hello.token, token)) {
            logger.warn('refused a socket', { why: 'wrong or missing token' });
            ws.close(CLOSE_BAD_TOKEN, 'Wrong token');
            return;
          }
          admitted = true;
          sockets.add(ws);
          // Each page listens from the moment its socket is admitted; notices raised before then wait in the services.
          stopEvents = services.onEvent((event, payload) => send(ws, { event, payload }));
          return;
        }
        const request = parseBridgeRequest(String(data));
        if (!request) return;
        void services.dispatcher.dispatch(request.channel, request.input).then((result) => send(ws, { id: request.id, result }));
      });
    });
  });

  const send = (ws: WebSocket, message: BridgeMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  hostPort = `127.0.0.1:${address.port}`;
  origin = `http://${hostPort}`;
  csp = browserHostCsp(hostPort, indexHtml, clientScript);
  try {
    await services.start();
  } catch (err) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw err;
  }

  return {
    url: `${origin}/${TOKEN_FRAGMENT_PREFIX}${token}`,
    origin,
    token,
    services,
    async close() {
      services.stop();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
