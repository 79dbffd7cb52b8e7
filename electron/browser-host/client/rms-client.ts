import type { IpcResult } from '@rms/shared';
import type { BridgeTransport } from '../../preload/create-bridge.js';
import { createBridge } from '../../preload/create-bridge.js';
import type { BridgeMessage } from '../wire-protocol.js';
import { BRIDGE_SOCKET_PATH, CLOSE_BAD_TOKEN, TOKEN_FRAGMENT_PREFIX, TOKEN_STORAGE_KEY } from '../wire-protocol.js';

/**
 * The browser host's stand-in for the preload: implements `window.rms` over a WebSocket to the
 * host. The per-run token comes once in the URL fragment, moves to this tab's sessionStorage (the
 * fragment is removed before the renderer's router reads the address) and is the first message
 * on every socket. Copy and save-to-file run in the page: the clipboard API and a Blob download.
 */
type Pending = { resolve: (value: unknown) => void };

const pending = new Map<number, Pending>();
const listeners = new Map<string, Set<(payload: unknown) => void>>();
const outbox: string[] = [];
let nextId = 1;
let socket: WebSocket | null = null;
let retryMs = 250;

let refusal: string | null = null;

function unreachable(): IpcResult<never> {
  return {
    ok: false,
    error: { code: 'backend_unreachable', message: refusal ?? 'The connection to the app host was lost. Reload the page; if it keeps happening, restart the browser host.' },
  };
}

/** Takes the token out of the address (`#token=…`) into sessionStorage; returns the tab's token, if any. */
function takeToken(): string | null {
  if (location.hash.startsWith(TOKEN_FRAGMENT_PREFIX)) {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, decodeURIComponent(location.hash.slice(TOKEN_FRAGMENT_PREFIX.length)));
    history.replaceState(null, '', `${location.pathname}${location.search}`);
  }
  return sessionStorage.getItem(TOKEN_STORAGE_KEY);
}

const OPEN_PRINTED_URL = 'This page has no access to the browser host. Open the URL the browser host printed (it carries the access token) in this tab.';

function connect(): void {
  const token = takeToken();
  if (!token) {
    refusal = OPEN_PRINTED_URL;
    return;
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WebSocket(`${scheme}://${location.host}${BRIDGE_SOCKET_PATH}`);
  socket = ws;
  ws.addEventListener('open', () => {
    retryMs = 250;
    ws.send(JSON.stringify({ token }));
    while (outbox.length > 0) ws.send(outbox.shift() as string);
  });
  ws.addEventListener('message', (event) => {
    let message: BridgeMessage;
    try {
      message = JSON.parse(String(event.data)) as BridgeMessage;
    } catch {
      return;
    }
    if ('id' in message) {
      pending.get(message.id)?.resolve(message.result);
      pending.delete(message.id);
    } else {
      for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
    }
  });
  ws.addEventListener('close', (event) => {
    socket = null;
    // A refused token stays refused (a new browser host run has a new one): stop trying.
    if (event.code === CLOSE_BAD_TOKEN) {
      sessionStorage.removeItem(TOKEN_STORAGE_KEY);
      refusal = OPEN_PRINTED_URL;
    }
    for (const [id, p] of pending) {
      p.resolve(unreachable());
      pending.delete(id);
    }
    if (refusal) return;
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 5_000);
  });
}

async function copyText(text: string): Promise<IpcResult<void>> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  return { ok: true, value: undefined };
}

function saveTextFile(input: { suggestedName: string; contents: string }): IpcResult<{ saved: boolean; fileName: string | null }> {
  const url = URL.createObjectURL(new Blob([input.contents], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = input.suggestedName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { ok: true, value: { saved: true, fileName: input.suggestedName } };
}

const transport: BridgeTransport = {
  invoke(channel, input) {
    if (channel === 'app:copyText') return copyText((input as { text: string }).text);
    if (channel === 'app:saveTextFile') return Promise.resolve(saveTextFile(input as { suggestedName: string; contents: string }));
    if (refusal) return Promise.resolve(unreachable());
    const id = nextId++;
    const text = JSON.stringify({ id, channel, input });
    return new Promise((resolve) => {
      pending.set(id, { resolve });
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(text);
      else outbox.push(text);
    });
  },
  listen(event, listener) {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
};

connect();
Object.defineProperty(window, 'rms', { value: createBridge(transport), writable: false, configurable: false, enumerable: true });
