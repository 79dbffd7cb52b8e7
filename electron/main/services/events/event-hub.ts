import type { AppNotice, EventMap, EventName } from '@rms/shared';
import type { Logger } from '../logging/logger.js';

/** A listener of main-process events (a window, a browser-host socket, a test). */
export type MainEventListener = <E extends EventName>(event: E, payload: EventMap[E]) => void;

/** Options of the event hub. */
export interface EventHubOptions {
  logger: Logger;
  /** The same fence as IPC answers: true when the serialized payload carries a live secret. */
  leaksSecret: (serialized: string) => boolean;
  /** How many notices wait for the first listener (the oldest are dropped beyond it; default 20). */
  maxWaiting?: number;
}

/**
 * Delivers the events the main process pushes to the window(s), for both hosts. An event whose
 * payload carries a token is never sent. Notices raised while nobody listens (keychain
 * unavailable at start, a session that could not be resumed) wait for the first listener;
 * state changes do not wait, because a page asks for the state when it starts.
 */
export class EventHub {
  private readonly listeners = new Set<MainEventListener>();
  private readonly waiting: AppNotice[] = [];

  constructor(private readonly options: EventHubOptions) {}

  /** Sends an event to every listener, or keeps a notice until one listens. */
  emit<E extends EventName>(event: E, payload: EventMap[E]): void {
    if (this.carriesSecret(event, payload)) return;
    if (this.listeners.size === 0) {
      if (event === 'app:notice') this.keep(payload as AppNotice);
      return;
    }
    for (const listener of this.listeners) this.deliver(listener, event, payload);
  }

  /** Adds a listener that is ready to receive now; notices that waited go to it first. Returns the unsubscribe function. */
  listen(listener: MainEventListener): () => void {
    this.listeners.add(listener);
    for (const notice of this.waiting.splice(0)) {
      if (!this.carriesSecret('app:notice', notice)) this.deliver(listener, 'app:notice', notice);
    }
    return () => {
      this.listeners.delete(listener);
    };
  }

  private keep(notice: AppNotice): void {
    this.waiting.push(notice);
    const max = this.options.maxWaiting ?? 20;
    if (this.waiting.length > max) this.waiting.splice(0, this.waiting.length - max);
  }

  private carriesSecret(event: EventName, payload: unknown): boolean {
    if (!this.options.leaksSecret(JSON.stringify(payload))) return false;
    this.options.logger.error('refused to send an event containing a token', { event });
    return true;
  }

  private deliver<E extends EventName>(listener: MainEventListener, event: E, payload: EventMap[E]): void {
    try {
      listener(event, payload);
    } catch (err) {
      this.options.logger.warn('event listener failed', { event, detail: err instanceof Error ? err.message : String(err) });
    }
  }
}
