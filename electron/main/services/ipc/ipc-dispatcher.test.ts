import { describe, expect, it } from 'vitest';
import { mapCalls } from '@rms/shared';
import { appError } from '../errors/service-error.js';
import { createSilentLogger } from '../logging/logger.js';
import type { ChannelHandlers, NamespaceHandlers } from './handler-types.js';
import { GENERIC_FAILURE, IpcDispatcher } from './ipc-dispatcher.js';

/** Handlers that fail any call the test did not plan for. */
function handlers(overrides: Record<string, (input: unknown) => Promise<unknown>>): ChannelHandlers {
  return new Proxy({} as ChannelHandlers, {
    get: (_t, ns: string) =>
      new Proxy({}, {
        get: (_t2, method: string) => overrides[`${ns}:${method}`] ?? (async () => {
          throw new Error(`unexpected call ${ns}:${method}`);
        }),
      }),
  });
}

describe('IPC dispatcher', () => {
  it('validates input with the schema of the IPC table before the handler runs', async () => {
    const seen: unknown[] = [];
    const d = new IpcDispatcher(handlers({ 'auth:signIn': async (input) => void seen.push(input) }), createSilentLogger());
    expect(await d.dispatch('auth:signIn', { email: '', password: 'x' })).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Enter your email address.' } });
    expect(await d.dispatch('auth:signIn', 'not an object')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await d.dispatch('company:listUsers', { limit: 1000 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(seen).toEqual([]);
    expect(await d.dispatch('auth:signIn', { email: ' a@b.example ', password: 'x' })).toEqual({ ok: true, value: undefined });
    expect(seen).toEqual([{ email: 'a@b.example', password: 'x' }]);
  });

  it('refuses channels that are not in the map', async () => {
    const d = new IpcDispatcher(handlers({}), createSilentLogger());
    expect(await d.dispatch('shell:openExternal', { url: 'file:///etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await d.dispatch('__proto__:constructor', undefined)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('sends RmsErrors as data', async () => {
    const d = new IpcDispatcher(handlers({ 'account:getMe': async () => Promise.reject(appError('not_signed_in')) }), createSilentLogger());
    expect(await d.dispatch('account:getMe', undefined)).toEqual({ ok: false, error: { code: 'not_signed_in', message: 'Your session has ended. Sign in again.' } });
  });

  it('turns unexpected exceptions into a generic sentence; details go only to the log', async () => {
    const log: { level: string; message: string; details?: Record<string, unknown> }[] = [];
    const d = new IpcDispatcher(handlers({ 'company:get': async () => Promise.reject(new TypeError('cannot read x of undefined')) }), createSilentLogger(log));
    expect(await d.dispatch('company:get', undefined)).toEqual({ ok: false, error: { code: 'internal_error', message: GENERIC_FAILURE } });
    expect(log).toEqual([{ level: 'error', message: 'unexpected failure in an IPC handler', details: { channel: 'company:get', detail: 'TypeError: cannot read x of undefined' } }]);
  });

  it('never sends an answer that contains a live token (the last fence)', async () => {
    const token = 'live-access-token-1234567890';
    const d = new IpcDispatcher(handlers({ 'account:getMe': async () => ({ leaked: token }) }), createSilentLogger(), (text) => text.includes(token));
    const result = await d.dispatch('account:getMe', undefined);
    expect(result).toEqual({ ok: false, error: { code: 'internal_error', message: GENERIC_FAILURE } });
    expect(JSON.stringify(result)).not.toContain(token);
  });

  it('refuses to start when a call of the IPC table has no handler, naming it', () => {
    const all = mapCalls(() => async () => undefined) as unknown as ChannelHandlers;
    const { listAudit: _dropped, ...company } = all.company;
    expect(() => new IpcDispatcher({ ...all, company } as unknown as ChannelHandlers, createSilentLogger())).toThrow(
      'No IPC handler for company:listAudit: every call of IPC_TABLE needs one.',
    );
    expect(() => new IpcDispatcher(all, createSilentLogger())).not.toThrow();
  });

  it('a namespace whose handlers miss a call of the table does not compile', () => {
    const page = { items: [], nextCursor: null };
    // @ts-expect-error listAudit is missing: every call of IPC_TABLE needs a handler (tsc -b fails if this stops being an error).
    const company: NamespaceHandlers<'company'> = {
      get: async () => ({ id: 'c', name: 'C', twoFactorAtLogin: 'optional', counts: { users: 0, enrolled: 0, inScope: 0, enrolledInScope: 0 }, rollout: null }),
      setPolicy: async () => ({ twoFactorAtLogin: 'optional', campaign: null, deadline: null, rollout: null }),
      getCampaign: async () => ({ id: 'x', createdAt: '2026-01-01T00:00:00Z', total: 0, sent: 0, failed: 0, done: true }),
      listUsers: async () => ({ ...page, counts: { users: 0, enrolled: 0, inScope: 0, enrolledInScope: 0 } }),
      resetUserTwoFactor: async () => Promise.reject(new Error('not used')),
    };
    expect(Object.keys(company)).not.toContain('listAudit');
  });
});
