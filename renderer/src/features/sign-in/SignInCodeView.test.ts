import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { typeInto } from '../../test/dom';
import { makeInfo, signedIn } from '../../test/fixtures';
import { mountView } from '../../test/mount-view';
import { fail, installRmsMock, ok } from '../../test/rms-mock';
import SignInCodeView from './SignInCodeView.vue';
// Loaded up front: the router imports screens lazily, and transforming them can outlast a test's timeout.
import '../account/AccountSettingsView.vue';

const state = { kind: 'code_required', email: 'ada@example.com', expiresAt: '2026-11-27T20:05:00.000Z' };

afterEach(() => {
  document.body.innerHTML = '';
});

describe('SignInCodeView', () => {
  it('says how far the phone clock is off, then clears and refocuses the code', async () => {
    installRmsMock({ 'auth:verifyCode': fail('clock_skew', { offsetSeconds: 120 }) });
    const { wrapper } = await mountView(SignInCodeView, { app: { info: makeInfo() }, auth: { state } });
    const input = wrapper.get('input').element as HTMLInputElement;
    typeInto(input, '123 456');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toContain("your phone's clock is about 2 minutes ahead");
    expect(input.value).toBe('');
    expect(document.activeElement).toBe(input);
  });

  it('auto-submits a pasted code once and signs in', async () => {
    const mock = installRmsMock({ 'auth:verifyCode': ok(signedIn()) });
    const { wrapper, router } = await mountView(SignInCodeView, { app: { info: makeInfo() }, auth: { state } });
    typeInto(wrapper.get('input').element as HTMLInputElement, '123-456');
    await flushPromises();
    expect(mock.inputsOf('auth:verifyCode')).toEqual([{ code: '123456' }]);
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('account'));
  });

  it('offers "Don\'t know the code" leading to the backup-code screen', async () => {
    installRmsMock();
    const { wrapper } = await mountView(SignInCodeView, { app: { info: makeInfo() }, auth: { state } });
    const link = wrapper.findAll('a').find((a) => a.text() === "Don't know the code");
    expect(link?.attributes('href')).toBe('/sign-in/backup-code');
  });
});
