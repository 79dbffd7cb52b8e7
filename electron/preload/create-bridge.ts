import type { EventMap, Namespace, RmsBridge } from '@rms/shared/ipc/channels';
import { CHANNEL_NAMES, EVENT_NAMES } from '@rms/shared/ipc/channels';

/** The transport a bridge runs over: invoke a channel, listen to an event. (IPC in the preload, a WebSocket in the browser host.) */
export interface BridgeTransport {
  invoke(channel: string, input: unknown): Promise<unknown>;
  /** Delivers only the payload; returns the unsubscribe function. */
  listen(event: string, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds `window.rms` from CHANNEL_NAMES: one namespace per domain, each method invoking
 * `namespace:method`, plus `events.on`. Pure: used by the preload and the browser-host client.
 */
export function createBridge(transport: BridgeTransport): RmsBridge {
  const bridge: Record<string, unknown> = {};
  for (const namespace of Object.keys(CHANNEL_NAMES) as Namespace[]) {
    const methods: Record<string, (input?: unknown) => Promise<unknown>> = {};
    for (const method of CHANNEL_NAMES[namespace]) {
      const channel = `${namespace}:${method}`;
      methods[method] = (input?: unknown) => transport.invoke(channel, input);
    }
    bridge[namespace] = Object.freeze(methods);
  }
  const events = {
    on<E extends keyof EventMap>(event: E, listener: (payload: EventMap[E]) => void): () => void {
      if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new Error(`Unknown event "${String(event)}".`);
      if (typeof listener !== 'function') throw new Error('events.on needs a listener function.');
      return transport.listen(event, (payload) => listener(payload as EventMap[E]));
    },
  };
  bridge.events = Object.freeze(events);
  return Object.freeze(bridge) as unknown as RmsBridge;
}
