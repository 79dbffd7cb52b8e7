import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../../session/auth-store';
import { makeInfo, signedIn } from '../../test/fixtures';
import { mountView } from '../../test/mount-view';
import { fail, installRmsMock, ok } from '../../test/rms-mock';
import SignInBackupCodeView from './SignInBackupCodeView.vue';
// Loaded up front: the router imports screens lazily, and transforming them can outlast a test's timeout.
import '../account/AccountSettingsView.vue';
import './EnrollmentView.vue';

const codeStep = { kind: 'code_required', email: 'ada@example.com', expiresAt: '2026-11-27T20:05:00.000Z' };

afterEach(() => {
  document.body.innerHTML = '';
});

async function signInWith(backupCode: string, wrapper: Awaited<ReturnType<typeof mountView>>['wrapper']): Promise<void> {
  await wrapper.get('#backup-code').setValue(backupCode);
  await wrapper.get('form').trigger('submit');
  await flushPromises();
}

describe('SignInBackupCodeView', () => {
  it('refuses a wrong code, stays on the screen and puts the cursor back in the field', async () => {
    installRmsMock({ 'auth:recover': fail('invalid_backup_code') });
    const { wrapper, router } = await mountView(SignInBackupCodeView, { app: { info: makeInfo() }, auth: { state: codeStep } }, '/sign-in/backup-code');
    await signInWith('aaaaa bbbbb ccccc ddddd', wrapper);
    expect(wrapper.get('[role="alert"]').text()).toMatch(/backup code is not correct/);
    expect(router.currentRoute.value.name).toBe('sign-in-backup-code');
    expect(document.activeElement).toBe(wrapper.get('#backup-code').element);
  });

  it('signs in (the state leads to account settings) and remembers that the backup code was used', async () => {
    const mock = installRmsMock({ 'auth:recover': ok(signedIn({ enabled: false })) });
    const { wrapper, router } = await mountView(SignInBackupCodeView, { app: { info: makeInfo() }, auth: { state: codeStep } }, '/sign-in/backup-code');
    expect(router.currentRoute.value.name).toBe('sign-in-backup-code');
    await signInWith('aaaaa bbbbb ccccc ddddd', wrapper);
    expect(mock.inputsOf('auth:recover')).toEqual([{ backupCode: 'AAAAABBBBBCCCCCDDDDD' }]);
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('account'));
    expect(useAuthStore().recoveredWithBackupCode).toBe(true);
  });

  it('leads straight into the wizard when the company requires 2FA', async () => {
    installRmsMock({ 'auth:recover': ok({ kind: 'enrollment_required', email: 'ada@example.com', via: 'sign_in', afterRecovery: true }) });
    const { wrapper, router } = await mountView(SignInBackupCodeView, { app: { info: makeInfo() }, auth: { state: codeStep } }, '/sign-in/backup-code');
    await signInWith('AAAAA-BBBBB-CCCCC-DDDDD', wrapper);
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('enrollment'));
    expect(useAuthStore().recoveredWithBackupCode).toBe(false);
  });
});
