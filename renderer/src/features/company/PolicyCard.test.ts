import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { makeInfo, signedIn } from '../../test/fixtures';
import { mountView } from '../../test/mount-view';
import { installRmsMock, ok } from '../../test/rms-mock';
import PolicyCard from './PolicyCard.vue';

const company = { id: 'c1', name: 'Acme', twoFactorAtLogin: 'optional', counts: { users: 40, enrolled: 10 } };

afterEach(() => {
  document.body.innerHTML = '';
});

describe('PolicyCard', () => {
  it('explains that the admin must enable 2FA first and links to Account settings', async () => {
    installRmsMock();
    const { wrapper } = await mountView(PolicyCard, { app: { info: makeInfo() }, auth: { state: signedIn({ enabled: false }) }, 'company-policy': { company } });
    expect(wrapper.get('select').attributes('disabled')).toBeDefined();
    expect(wrapper.text()).toContain('turn on two-factor authentication for your own account first');
    expect(wrapper.get('a').attributes('href')).toBe('/account');
  });

  it('asks whether to email the users without 2FA after Required + OK, then applies the answer', async () => {
    const mock = installRmsMock({ 'company:setPolicy': ok({ twoFactorAtLogin: 'required', campaign: { id: 'k1', createdAt: '2026-11-27T19:00:00.000Z', total: 30, sent: 30, failed: 0, done: true } }) });
    const { wrapper } = await mountView(PolicyCard, { app: { info: makeInfo() }, auth: { state: signedIn({ enabled: true }) }, 'company-policy': { company } });
    await wrapper.get('select').setValue('required');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(mock.inputsOf('company:setPolicy')).toHaveLength(0);
    expect(wrapper.get('[role="group"]').text()).toContain('30 users have not enabled two-factor authentication yet');
    await wrapper.findAll('button').find((b) => b.text() === 'Require and send emails')!.trigger('click');
    await flushPromises();
    expect(mock.inputsOf('company:setPolicy')).toEqual([{ twoFactorAtLogin: 'required', notifyUnenrolled: true }]);
    expect(wrapper.find('[role="group"]').exists()).toBe(false);
    expect(wrapper.get('[role="status"]').text()).toContain('now required');
  });

  it('sets Optional without asking', async () => {
    const mock = installRmsMock({ 'company:setPolicy': ok({ twoFactorAtLogin: 'optional', campaign: null }) });
    const { wrapper } = await mountView(PolicyCard, { app: { info: makeInfo() }, auth: { state: signedIn({ enabled: true }) }, 'company-policy': { company: { ...company, twoFactorAtLogin: 'required' } } });
    await wrapper.get('select').setValue('optional');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(mock.inputsOf('company:setPolicy')).toEqual([{ twoFactorAtLogin: 'optional', notifyUnenrolled: false }]);
  });
});
