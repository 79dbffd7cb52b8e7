import { describe, expect, it } from 'vitest';
import { IPC_CALLS } from '@rms/shared';
import type { BridgeTransport } from './create-bridge.js';
import { createBridge } from './create-bridge.js';

function recordingTransport() {
  const invoked: { channel: string; input: unknown }[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const transport: BridgeTransport = {
    invoke: async (channel, input) => {
      invoked.push({ channel, input });
      return { ok: true, value: channel };
    },
    listen(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return () => listeners.get(event)!.delete(listener);
    },
  };
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
  return { transport, invoked, emit };
}

describe('window.rms bridge', () => {
  it('has exactly one namespace per domain plus events, each method invoking namespace:method', async () => {
    const { transport, invoked } = recordingTransport();
    const rms = createBridge(transport);
    const namespaces = [...new Set(IPC_CALLS.map((c) => c.namespace))];
    expect(Object.keys(rms).sort()).toEqual([...namespaces, 'events'].sort());
    for (const ns of namespaces) {
      const methods = IPC_CALLS.filter((c) => c.namespace === ns).map((c) => c.method);
      expect(Object.keys((rms as unknown as Record<string, object>)[ns]!).sort()).toEqual(methods.sort());
    }
    expect(await rms.auth.signIn({ email: 'a@b.example', password: 'pw' })).toEqual({ ok: true, value: 'auth:signIn' });
    await rms.auth.getState();
    expect(invoked).toEqual([
      { channel: 'auth:signIn', input: { email: 'a@b.example', password: 'pw' } },
      { channel: 'auth:getState', input: undefined },
    ]);
  });

  it('delivers only the payload to event listeners and unsubscribes', () => {
    const { transport, emit } = recordingTransport();
    const rms = createBridge(transport);
    const received: unknown[] = [];
    const off = rms.events.on('auth:stateChanged', (payload) => received.push(payload));
    emit('auth:stateChanged', { kind: 'signed_out' });
    off();
    emit('auth:stateChanged', { kind: 'signed_in' });
    expect(received).toEqual([{ kind: 'signed_out' }]);
  });

  it('refuses unknown events and is frozen (the page cannot swap a method)', () => {
    const rms = createBridge(recordingTransport().transport);
    expect(() => rms.events.on('ipc:raw' as 'app:notice', () => undefined)).toThrow(/Unknown event/);
    expect(Object.isFrozen(rms) && Object.isFrozen(rms.auth)).toBe(true);
    expect('ipcRenderer' in rms).toBe(false);
  });
});
