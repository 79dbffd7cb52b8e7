import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { makeInfo } from '../../test/fixtures';
import { mountView } from '../../test/mount-view';
import { fail, installRmsMock, ok } from '../../test/rms-mock';
import ForgotPasswordView from './ForgotPasswordView.vue';
import SignInView from './SignInView.vue';

const ACCEPTED = 'If the address has an account, we sent a link to set a new password. It works once, for 30 minutes.';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('ForgotPasswordView', () => {
  it('asks the main process to email a link for the typed address and says what happens next; the app never gets the link', async () => {
    const mock = installRmsMock({ 'auth:requestPasswordReset': ok({ status: 'accepted', message: ACCEPTED }) });
    const { wrapper } = await mountView(ForgotPasswordView, { app: { info: makeInfo() }, auth: { state: { kind: 'signed_out', email: 'ada@example.com' } } }, '/sign-in/forgot-password');
    expect((wrapper.get('#reset-email').element as HTMLInputElement).value).toBe('ada@example.com');
    await wrapper.get('#reset-email').setValue('  grace@example.com ');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(mock.inputsOf('auth:requestPasswordReset')).toEqual([{ email: 'grace@example.com' }]);
    expect(wrapper.get('[role="status"]').text()).toBe(ACCEPTED);
    expect(wrapper.text()).toContain('the app still asks for your code');
    expect(wrapper.find('form').exists()).toBe(false);
    expect(wrapper.get('a.button').text()).toBe('Back to sign in');
  });

  it('asks for a missing address without calling the main process, and shows a throttle with its countdown', async () => {
    const mock = installRmsMock({ 'auth:requestPasswordReset': fail('too_many_attempts', { retryAfterSeconds: 120 }) });
    const { wrapper } = await mountView(ForgotPasswordView, { app: { info: makeInfo() }, auth: { state: { kind: 'signed_out' } } }, '/sign-in/forgot-password');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toBe('Enter the email address of your account.');
    expect(mock.inputsOf('auth:requestPasswordReset')).toHaveLength(0);
    await wrapper.get('#reset-email').setValue('ada@example.com');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toBe('Too many attempts. Try again in about 2 minutes.');
    expect(wrapper.get('button[type="submit"]').attributes('disabled')).toBeDefined();
  });
});

describe('SignInView and a locked account', () => {
  it('links to "Forgot password?"', async () => {
    installRmsMock();
    const { wrapper, router } = await mountView(SignInView, { app: { info: makeInfo() }, auth: { state: { kind: 'signed_out' } } }, '/sign-in');
    const link = wrapper.findAll('a').find((a) => a.text() === 'Forgot password?');
    expect(link?.attributes('href')).toBe(router.resolve({ name: 'forgot-password' }).href);
  });

  it('says to contact the administrator when sign-in is locked ("this wasn\'t me"), with no countdown', async () => {
    installRmsMock({ 'auth:signIn': fail('account_locked', { status: 403 }) });
    const { wrapper } = await mountView(SignInView, { app: { info: makeInfo() }, auth: { state: { kind: 'signed_out' } } }, '/sign-in');
    await wrapper.get('#email').setValue('ada@example.com');
    await wrapper.get('#password').setValue('right-password');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toBe(
      'Sign-in to this account is locked because someone reported activity on it that was not theirs. Contact your administrator to unlock it.',
    );
    expect(wrapper.get('button[type="submit"]').attributes('disabled')).toBeUndefined();
  });
});
