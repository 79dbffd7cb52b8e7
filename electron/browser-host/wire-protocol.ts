/** Path of the browser host's WebSocket. */
export const BRIDGE_SOCKET_PATH = '/__rms/socket';
/** Path of the injected client script that implements window.rms. */
export const BRIDGE_SCRIPT_PATH = '/__rms/bridge.js';
/**
 * The per-run token reaches the page once, in the URL fragment (`#token=…`, never sent to a
 * server), and is kept in the tab's sessionStorage under this key; no cookie carries it (cookies
 * are not port-isolated: every other local web service would receive one).
 */
export const TOKEN_STORAGE_KEY = 'rms-browser-host-token';
/** The fragment the printed URL carries the token in. */
export const TOKEN_FRAGMENT_PREFIX = '#token=';
/** WebSocket close code when the first message did not carry the right token. */
export const CLOSE_BAD_TOKEN = 4401;

/** The first message on every socket: the per-run token. Nothing else is read or sent before it. */
export interface BridgeHello {
  token: string;
}

/** A socket message's JSON object; null when the text is not JSON or not an object. */
function parseMessageObject(text: string): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
}

/** Parses the first message of a socket; null when it is not a hello. */
export function parseBridgeHello(text: string): BridgeHello | null {
  const message = parseMessageObject(text);
  if (!message) return null;
  const { token } = message;
  return typeof token === 'string' && token.length > 0 && token.length <= 256 ? { token } : null;
}

/** A call from the page: `channel` is `namespace:method`. */
export interface BridgeRequest {
  id: number;
  channel: string;
  input?: unknown;
}

/** The answer to a call (an IpcResult), or an event pushed by the services. */
export type BridgeMessage = { id: number; result: unknown } | { event: string; payload: unknown };

/** Parses a message from the page; null when it is not a well-formed call. */
export function parseBridgeRequest(text: string): BridgeRequest | null {
  const message = parseMessageObject(text);
  if (!message) return null;
  const { id, channel, input } = message;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || typeof channel !== 'string' || channel.length > 64) return null;
  return { id, channel, input };
}
