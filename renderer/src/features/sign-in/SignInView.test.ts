import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeInfo } from '../../test/fixtures';
import { mountView } from '../../test/mount-view';
import { fail, installRmsMock, ok } from '../../test/rms-mock';
import SignInView from './SignInView.vue';
// Loaded up front: the router imports screens lazily, and transforming them can outlast a test's timeout.
import './SignInCodeView.vue';

describe('SignInView', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] }));
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('shows a live throttling countdown and disables Sign in until it ends', async () => {
    const mock = installRmsMock({ 'auth:signIn': fail('too_many_attempts', { retryAfterSeconds: 30 }) });
    const { wrapper } = await mountView(SignInView, { app: { info: makeInfo() }, auth: { state: { kind: 'signed_out' } } });
    await wrapper.get('#email').setValue('ada@example.com');
    await wrapper.get('#password').setValue('wrong');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    const alert = wrapper.get('[role="alert"]');
    expect(alert.attributes('aria-live')).toBe('assertive');
    expect(alert.text()).toBe('Too many attempts. Try again in 30 seconds.');
    const submit = wrapper.get('button[type="submit"]');
    expect(submit.attributes('disabled')).toBeDefined();

    vi.advanceTimersByTime(3000);
    await flushPromises();
    expect(alert.text()).toBe('Too many attempts. Try again in 27 seconds.');
    await wrapper.get('form').trigger('submit'); // blocked: no second call
    vi.advanceTimersByTime(27_000);
    await flushPromises();
    expect(submit.attributes('disabled')).toBeUndefined();
    expect(mock.inputsOf('auth:signIn')).toHaveLength(1);
  });

  it('explains wrong credentials and goes to the code step on success', async () => {
    const mock = installRmsMock({ 'auth:signIn': fail('invalid_credentials') });
    const { wrapper, router } = await mountView(SignInView, { app: { info: makeInfo() }, auth: { state: { kind: 'signed_out' } } });
    await wrapper.get('#email').setValue('ada@example.com');
    await wrapper.get('#password').setValue('wrong');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toBe('The email or password is incorrect. Check both and try again.');
    expect((wrapper.get('#password').element as HTMLInputElement).value).toBe('');

    mock.on('auth:signIn', ok({ kind: 'code_required', email: 'ada@example.com', expiresAt: '2026-11-27T20:05:00.000Z' }));
    await wrapper.get('#password').setValue('right');
    await wrapper.get('form').trigger('submit');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('sign-in-code'));
  });

  it('asks for a missing password without calling the main process', async () => {
    installRmsMock();
    const { wrapper } = await mountView(SignInView, { app: { info: makeInfo() }, auth: { state: { kind: 'signed_out' } } });
    await wrapper.get('#email').setValue('ada@example.com');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toBe('Enter your password.');
  });
});
