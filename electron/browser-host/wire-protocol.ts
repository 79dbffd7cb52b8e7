/** Path of the browser host's WebSocket. */
export const BRIDGE_SOCKET_PATH = '/__rms/socket';
/** Path of the injected client script that implements window.rms. */
export const BRIDGE_SCRIPT_PATH = '/__rms/bridge.js';
/** Cookie carrying the per-run token after the first visit. */
export const TOKEN_COOKIE = 'rms_host_token';

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
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const { id, channel, input } = value as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || typeof channel !== 'string' || channel.length > 64) return null;
  return { id, channel, input };
}
