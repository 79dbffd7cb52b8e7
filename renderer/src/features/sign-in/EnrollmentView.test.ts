import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buttonNamed, typeCode } from '../../test/dom';
import { makeInfo, PENDING, signedIn } from '../../test/fixtures';
import { mountView } from '../../test/mount-view';
import { installRmsMock, ok } from '../../test/rms-mock';
import EnrollmentView from './EnrollmentView.vue';
// Loaded up front: the router imports screens lazily, and transforming them can outlast a test's timeout.
import '../account/AccountSettingsView.vue';

const held = { kind: 'enrollment_required', email: 'ada@example.com', via: 'sign_in', expiresAt: '2026-11-27T20:05:00.000Z' };

afterEach(() => {
  document.body.innerHTML = '';
});

describe('EnrollmentView', () => {
  it('leads to account settings once the wizard is done (the new state decides, not the screen)', async () => {
    const mock = installRmsMock({
      'enrollment:start': ok({ ...PENDING, expiresAt: new Date(Date.now() + 600_000).toISOString() }),
      'enrollment:confirm': ok({ backupCode: 'ABCDEFGHIJKLMNOPQRST' }),
      'enrollment:complete': ok(signedIn({ enabled: true })),
    });
    const { wrapper, router } = await mountView(EnrollmentView, { app: { info: makeInfo() }, auth: { state: held } }, '/enrollment');
    expect(router.currentRoute.value.name).toBe('enrollment');
    await buttonNamed(wrapper, 'Next').trigger('click');
    await flushPromises();
    await buttonNamed(wrapper, 'Next').trigger('click');
    await flushPromises();
    typeCode(wrapper, '123456');
    await flushPromises();
    await wrapper.get('input[type="checkbox"]').setValue(true);
    await buttonNamed(wrapper, 'Done').trigger('click');
    await flushPromises();
    expect(mock.inputsOf('enrollment:complete')).toHaveLength(1);
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('account'));
  });

  it('"Sign out" abandons the sign-in and the signed-out state leads back to sign in', async () => {
    const mock = installRmsMock({ 'auth:cancel': ok({ kind: 'signed_out', email: 'ada@example.com' }) });
    const { wrapper, router } = await mountView(EnrollmentView, { app: { info: makeInfo() }, auth: { state: held } }, '/enrollment');
    await buttonNamed(wrapper, 'Sign out').trigger('click');
    await flushPromises();
    expect(mock.inputsOf('auth:cancel')).toHaveLength(1);
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('sign-in'));
  });

  it('signs a session held to enrollment out instead', async () => {
    const mock = installRmsMock({ 'auth:signOut': ok({ kind: 'signed_out', email: 'ada@example.com' }) });
    const { wrapper, router } = await mountView(EnrollmentView, { app: { info: makeInfo() }, auth: { state: { ...held, via: 'session' } } }, '/enrollment');
    await buttonNamed(wrapper, 'Sign out').trigger('click');
    await flushPromises();
    expect(mock.inputsOf('auth:signOut')).toHaveLength(1);
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('sign-in'));
  });
});
