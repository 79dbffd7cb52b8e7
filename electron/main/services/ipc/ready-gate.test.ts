import { describe, expect, it } from 'vitest';
import type { IpcResult } from '@rms/shared';
import { gateUntilStarted, NOT_STARTED } from './ready-gate.js';

describe('calls made while the services start', () => {
  it('wait for the start and are then answered in order by the started services', async () => {
    let finishStart!: () => void;
    const answered: string[] = [];
    const dispatcher = { dispatch: async (channel: string): Promise<IpcResult<unknown>> => (answered.push(channel), { ok: true, value: channel }) };
    const gate = gateUntilStarted(new Promise((resolve) => (finishStart = () => resolve(dispatcher))));
    const info = gate.dispatch('app:getInfo', undefined);
    const state = gate.dispatch('auth:getState', undefined);
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toEqual([]);
    finishStart();
    expect(await Promise.all([info, state])).toEqual([
      { ok: true, value: 'app:getInfo' },
      { ok: true, value: 'auth:getState' },
    ]);
    expect(answered).toEqual(['app:getInfo', 'auth:getState']);
    expect(await gate.dispatch('app:getInfo', undefined)).toEqual({ ok: true, value: 'app:getInfo' });
  });

  it('get a sentence, not a hang, when the start failed', async () => {
    const gate = gateUntilStarted(Promise.reject(new Error('keytar exploded')));
    expect(await gate.dispatch('app:getInfo', undefined)).toEqual(NOT_STARTED);
  });
});
