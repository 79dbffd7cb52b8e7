import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { fail, installRmsMock, ok } from '../test/rms-mock';
import { makeMe, signedIn } from '../test/fixtures';
import { useAuthStore } from './auth-store';
import { withTwoFactor } from './auth-state';

describe('auth store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('loads the state once and follows auth:stateChanged events', async () => {
    const mock = installRmsMock({ 'auth:getState': ok({ kind: 'signed_out' }) });
    const auth = useAuthStore();
    await Promise.all([auth.ensureLoaded(), auth.ensureLoaded()]);
    expect(mock.inputsOf('auth:getState')).toHaveLength(1);
    expect(auth.kind).toBe('signed_out');
    mock.emit('auth:stateChanged', signedIn({ role: 'user' }));
    expect(auth.kind).toBe('signed_in');
    expect(auth.isAdmin).toBe(false);
    expect(auth.email).toBe('ada@example.com');
  });

  it('moves to the code step after the password and to signed in after the code', async () => {
    const mock = installRmsMock({
      'auth:signIn': ok({ kind: 'code_required', email: 'ada@example.com', expiresAt: '2026-11-27T20:00:00Z' }),
      'auth:verifyCode': ok(signedIn()),
    });
    const auth = useAuthStore();
    await auth.signIn('  ada@example.com ', 'pw');
    expect(mock.inputsOf('auth:signIn')).toEqual([{ email: 'ada@example.com', password: 'pw' }]);
    expect(auth.kind).toBe('code_required');
    expect(auth.email).toBe('ada@example.com');
    await auth.verifyCode('123456');
    expect(auth.kind).toBe('signed_in');
    expect(auth.isAdmin).toBe(true);
  });

  it('keeps the state when an action fails', async () => {
    installRmsMock({ 'auth:verifyCode': fail('invalid_code') });
    const auth = useAuthStore();
    auth.setState({ kind: 'code_required', email: 'a@b.c', expiresAt: '2026-11-27T20:00:00Z' });
    await expect(auth.verifyCode('000000')).rejects.toMatchObject({ code: 'invalid_code' });
    expect(auth.kind).toBe('code_required');
  });

  it('replaces /me only while signed in', () => {
    const auth = useAuthStore();
    auth.setState({ kind: 'signed_out' });
    auth.replaceMe(makeMe());
    expect(auth.kind).toBe('signed_out');
    auth.setState(signedIn());
    const me = withTwoFactor(makeMe(), { enabled: true, enabledAt: '2026-11-27T10:00:00.000Z', backupCodeCreatedAt: null });
    auth.replaceMe(me);
    expect(auth.me?.user.twoFactor.enabled).toBe(true);
  });
});
