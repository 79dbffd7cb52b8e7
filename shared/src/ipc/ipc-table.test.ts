import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findCall, IPC_CALLS, IPC_EVENTS, isEventName, mapCalls } from './ipc-walk.js';
import { IPC_TABLE } from './ipc-table.js';

describe('the IPC table', () => {
  it('derives one wire name per row, namespace:name, calls and events apart', () => {
    const rows = Object.entries(IPC_TABLE).flatMap(([ns, entries]) => Object.keys(entries).map((name) => `${ns}:${name}`));
    expect([...IPC_CALLS.map((c) => c.name), ...IPC_EVENTS.map((e) => e.name)].sort()).toEqual(rows.sort());
    expect(new Set(rows).size).toBe(rows.length);
    expect(IPC_EVENTS.map((e) => e.name)).toEqual(['app:notice', 'auth:stateChanged']);
    expect(IPC_CALLS).toHaveLength(38);
  });

  it('gives every call an input schema that the main process can validate with', () => {
    for (const call of IPC_CALLS) expect(typeof call.input(z).safeParse, call.name).toBe('function');
    expect(findCall('auth:signIn')?.input(z).safeParse({ email: ' a@b.example ', password: 'x' })).toEqual({
      success: true,
      data: { email: 'a@b.example', password: 'x' },
    });
    expect(findCall('auth:getState')?.input(z).safeParse(undefined).success).toBe(true);
    expect(findCall('auth:getState')?.input(z).safeParse({}).success).toBe(false);
  });

  it('finds only real calls (no events, no inherited names)', () => {
    expect(findCall('company:listUsers')?.method).toBe('listUsers');
    for (const name of ['auth:stateChanged', '__proto__', 'constructor', 'toString', 'auth:', ':signIn']) expect(findCall(name), name).toBeUndefined();
    expect(isEventName('app:notice')).toBe(true);
    expect(isEventName('auth:signIn')).toBe(false);
    expect(isEventName('hasOwnProperty')).toBe(false);
  });

  it('mapCalls builds one object per namespace with one entry per call', () => {
    const shape = mapCalls((c) => c.name);
    expect(shape.auth).toEqual({
      getState: 'auth:getState',
      signIn: 'auth:signIn',
      verifyCode: 'auth:verifyCode',
      recover: 'auth:recover',
      recoverWithTemporaryCode: 'auth:recoverWithTemporaryCode',
      cancel: 'auth:cancel',
      signOut: 'auth:signOut',
      requestPasswordReset: 'auth:requestPasswordReset',
    });
    expect(Object.keys(shape)).toEqual(['app', 'auth', 'enrollment', 'account', 'company']);
    expect('notice' in shape.app).toBe(false);
  });
});
