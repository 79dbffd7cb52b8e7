// Sign-in: "Don't know the code" with a temporary access code, and the email check before a first setup.
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buttonNamed, typeCode } from '../../test/dom';
import { makeInfo, PENDING } from '../../test/fixtures';
import { mountView } from '../../test/mount-view';
import { fail, installRmsMock, ok } from '../../test/rms-mock';
import EnrollmentView from './EnrollmentView.vue';
import SignInBackupCodeView from './SignInBackupCodeView.vue';
// Loaded up front: the router imports screens lazily, and transforming them can outlast a test's timeout.
import '../account/AccountSettingsView.vue';

const codeStep = { kind: 'code_required', email: 'ada@example.com', expiresAt: '2026-11-27T20:05:00.000Z' };
const held = { kind: 'enrollment_required', email: 'ada@example.com', via: 'sign_in', expiresAt: '2026-11-27T20:05:00.000Z' };

afterEach(() => {
  document.body.innerHTML = '';
});

describe('"Don\'t know the code" with a temporary access code', () => {
  it('checks the shape before sending, then goes on to set up the new phone', async () => {
    const mock = installRmsMock({ 'auth:recoverWithTemporaryCode': ok({ ...held, afterTemporaryCode: true }) });
    const { wrapper, router } = await mountView(SignInBackupCodeView, { app: { info: makeInfo() }, auth: { state: codeStep } }, '/sign-in/backup-code');
    await wrapper.get('#temporary-code').setValue('abcd-efgh');
    await wrapper.findAll('form')[1]!.trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('A temporary access code has 12 letters and digits');
    expect(mock.inputsOf('auth:recoverWithTemporaryCode')).toHaveLength(0);
    await wrapper.get('#temporary-code').setValue('abcd efgh jklm');
    await wrapper.findAll('form')[1]!.trigger('submit');
    await flushPromises();
    expect(mock.inputsOf('auth:recoverWithTemporaryCode')).toEqual([{ temporaryCode: 'ABCDEFGHJKLM' }]);
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('enrollment'));
  });

  it('shows the server\'s sentence for a wrong or spent code', async () => {
    installRmsMock({ 'auth:recoverWithTemporaryCode': fail('invalid_temporary_code') });
    const { wrapper } = await mountView(SignInBackupCodeView, { app: { info: makeInfo() }, auth: { state: codeStep } }, '/sign-in/backup-code');
    await wrapper.get('#temporary-code').setValue('ABCD-EFGH-JKLM');
    await wrapper.findAll('form')[1]!.trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('That temporary access code is not correct, was already used or has expired.');
  });

  it('the setup screen says the old authenticator works until the new one is set up', async () => {
    installRmsMock({});
    const { wrapper } = await mountView(EnrollmentView, { app: { info: makeInfo() }, auth: { state: { ...held, afterTemporaryCode: true } } }, '/enrollment');
    expect(wrapper.text()).toContain('your old authenticator and backup code keep working until you finish');
  });
});

describe('the email check before a first setup', () => {
  it('asks for the emailed code, then shows the QR code of the setup it started', async () => {
    const pending = { ...PENDING, expiresAt: new Date(Date.now() + 600_000).toISOString() };
    const mock = installRmsMock({
      'enrollment:start': fail('email_code_required'),
      'enrollment:startWithEmailCode': (input) => ((input as { code: string }).code === '111111' ? fail('invalid_email_code') : ok(pending)),
    });
    const { wrapper } = await mountView(EnrollmentView, { app: { info: makeInfo() }, auth: { state: held } }, '/enrollment');
    await buttonNamed(wrapper, 'Next').trigger('click');
    await flushPromises();
    expect(wrapper.text()).toContain('Check your email');
    expect(wrapper.text()).toContain('We emailed a 6-digit code to ada@example.com');
    typeCode(wrapper, '111111');
    await flushPromises();
    expect(wrapper.text()).toContain('That email code is not correct or has expired.');
    typeCode(wrapper, '222222');
    await flushPromises();
    expect(mock.inputsOf('enrollment:startWithEmailCode')).toEqual([{ code: '111111' }, { code: '222222' }]);
    expect(wrapper.text()).not.toContain('Check your email');
    await buttonNamed(wrapper, 'Next').trigger('click');
    await flushPromises();
    // The setup the email check started is the one shown; no second start.
    expect(mock.inputsOf('enrollment:start')).toHaveLength(1);
    expect(wrapper.text()).toContain('Scan the QR code');
  });
});
