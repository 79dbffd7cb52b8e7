import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { IPC_CALLS } from '@rms/shared';
import { createSilentLogger } from '../services/logging/logger.js';
import type { IpcMainLike } from './validated-ipc.js';
import { FOREIGN_SENDER_RESULT, registerValidatedIpc } from './validated-ipc.js';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipc, handlers };
}

function eventFrom(frame: { url: string; parent: unknown } | null): IpcMainInvokeEvent {
  return { senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

describe('validated IPC wrapper', () => {
  const calls: { channel: string; input: unknown }[] = [];
  const dispatcher = {
    dispatch: async (channel: string, input: unknown) => {
      calls.push({ channel, input });
      return { ok: true as const, value: 'handled' };
    },
  };

  it('registers every channel of the map, and removes them again', () => {
    const { ipc, handlers } = fakeIpcMain();
    const remove = registerValidatedIpc(ipc, dispatcher, createSilentLogger());
    const expected = IPC_CALLS.map((c) => c.name);
    expect([...handlers.keys()].sort()).toEqual(expected.sort());
    remove();
    expect(handlers.size).toBe(0);
  });

  it('passes calls from the app main frame on app://rms to the dispatcher', async () => {
    const { ipc, handlers } = fakeIpcMain();
    registerValidatedIpc(ipc, dispatcher, createSilentLogger());
    calls.length = 0;
    const result = await handlers.get('auth:signIn')!(eventFrom({ url: 'app://rms/index.html#/sign-in', parent: null }), { email: 'a@b.c', password: 'x' });
    expect(result).toEqual({ ok: true, value: 'handled' });
    expect(calls).toEqual([{ channel: 'auth:signIn', input: { email: 'a@b.c', password: 'x' } }]);
  });

  it.each([
    ['another origin', { url: 'https://evil.example/index.html', parent: null }],
    ['a file:// page', { url: 'file:///tmp/index.html', parent: null }],
    ['a look-alike host', { url: 'app://rms.evil/index.html', parent: null }],
    ['a subframe of the app', { url: 'app://rms/frame.html', parent: { url: 'app://rms/index.html' } }],
    ['no frame at all', null],
  ])('refuses a foreign sender: %s', async (_label, frame) => {
    const { ipc, handlers } = fakeIpcMain();
    const log: { level: string; message: string }[] = [];
    registerValidatedIpc(ipc, dispatcher, createSilentLogger(log));
    calls.length = 0;
    const result = await handlers.get('account:getMe')!(eventFrom(frame));
    expect(result).toEqual(FOREIGN_SENDER_RESULT);
    expect(calls).toEqual([]);
    expect(log.some((entry) => entry.message.includes('foreign sender'))).toBe(true);
  });
});
