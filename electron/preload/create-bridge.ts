import type { EventMap, EventName, RmsBridge } from '@rms/shared';
import { isEventName, mapCalls } from '@rms/shared/ipc/ipc-walk';

/** The transport a bridge runs over: invoke a channel, listen to an event. (IPC in the preload, a WebSocket in the browser host.) */
export interface BridgeTransport {
  invoke(channel: string, input: unknown): Promise<unknown>;
  /** Delivers only the payload; returns the unsubscribe function. */
  listen(event: string, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds `window.rms` from the IPC table: one frozen object per namespace, each call invoking
 * `namespace:method`, plus `events.on`. Pure: used by the preload and the browser-host client.
 */
export function createBridge(transport: BridgeTransport): RmsBridge {
  const namespaces = mapCalls(({ name }) => (input?: unknown) => transport.invoke(name, input));
  const bridge: Record<string, unknown> = {};
  for (const [namespace, methods] of Object.entries(namespaces)) bridge[namespace] = Object.freeze(methods);
  const events = {
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
      if (!isEventName(event)) throw new Error(`Unknown event "${String(event)}".`);
      if (typeof listener !== 'function') throw new Error('events.on needs a listener function.');
      return transport.listen(event, (payload) => listener(payload as EventMap[E]));
    },
  };
  bridge.events = Object.freeze(events);
  return Object.freeze(bridge) as unknown as RmsBridge;
}
