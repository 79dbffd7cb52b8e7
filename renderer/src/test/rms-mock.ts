import type { ChannelName, EventMap, IpcResult, RmsBridge, RmsErrorInfo } from '@rms/shared';
import { mapCalls } from '@rms/shared/ipc/ipc-walk';
import { afterEach } from 'vitest';

/** A handler for one channel: returns the IPC result for an input (sync or async). */
export type ChannelHandler = (input: unknown) => IpcResult<unknown> | Promise<IpcResult<unknown>>;

/** A successful IPC result. */
export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

/** A failed IPC result. */
export function fail(code: RmsErrorInfo['code'], extra: Partial<RmsErrorInfo> = {}): IpcResult<never> {
  return { ok: false, error: { code, message: extra.message ?? code, ...extra } };
}

/** A fake `window.rms` that answers only what a test expects and records everything else. */
export interface RmsMock {
  bridge: RmsBridge;
  /** Every call made, in order. */
  calls: { channel: ChannelName; input: unknown }[];
  /** Calls no handler expected (each one fails the test in afterEach). */
  unexpected: string[];
  /** Sets (or replaces) the handler of a channel. */
  on(channel: ChannelName, handler: ChannelHandler | IpcResult<unknown>): RmsMock;
  /** Pushes a main-process event to the subscribers. */
  emit<E extends keyof EventMap>(event: E, payload: EventMap[E]): void;
  /** Inputs of every call to a channel. */
  inputsOf(channel: ChannelName): unknown[];
}

const installed: RmsMock[] = [];

afterEach(() => {
  const mocks = installed.splice(0);
  for (const mock of mocks) {
    if (mock.unexpected.length > 0) {
      throw new Error(`window.rms got calls the test did not expect: ${mock.unexpected.join(', ')}`);
    }
  }
  delete (globalThis as { rms?: unknown }).rms;
});

/**
 * Installs a `window.rms` mock. Any call without a handler REJECTS and fails the test, so a
 * screen or store cannot talk to the main process behind the test's back.
 */
export function installRmsMock(handlers: Partial<Record<ChannelName, ChannelHandler | IpcResult<unknown>>> = {}): RmsMock {
  const table = new Map<ChannelName, ChannelHandler>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const mock: RmsMock = {
    bridge: {} as RmsBridge,
    calls: [],
    unexpected: [],
    on(channel, handler) {
      table.set(channel, typeof handler === 'function' ? handler : () => handler);
      return mock;
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    inputsOf(channel) {
      return mock.calls.filter((c) => c.channel === channel).map((c) => c.input);
    },
  };
  for (const [channel, handler] of Object.entries(handlers)) mock.on(channel as ChannelName, handler as ChannelHandler);
  const bridge: Record<string, unknown> = mapCalls(({ name: channel }) => async (input?: unknown) => {
    mock.calls.push({ channel, input });
    const handler = table.get(channel);
    if (!handler) {
      mock.unexpected.push(`${channel}(${JSON.stringify(input) ?? ''})`);
      throw new Error(`Unexpected call to window.rms ${channel}`);
    }
    return handler(input);
  });
  bridge.events = {
    on(event: string, listener: (payload: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
  mock.bridge = bridge as RmsBridge;
  (globalThis as { rms?: RmsBridge }).rms = mock.bridge;
  installed.push(mock);
  return mock;
}
