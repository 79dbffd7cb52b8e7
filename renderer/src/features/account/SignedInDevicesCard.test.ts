import type { SignedInDevice } from '@rms/shared';
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { makeInfo, makeMe, signedIn } from '../../test/fixtures';
import { mountView } from '../../test/mount-view';
import { installRmsMock, ok } from '../../test/rms-mock';
import AccountSettingsView from './AccountSettingsView.vue';

afterEach(() => {
  document.body.innerHTML = '';
});

const here: SignedInDevice = { id: 'f1', client: 'RMS Console 0.1.0 (Linux x64)', address: '10.0.0.5', createdAt: '2026-11-20T09:00:00.000Z', lastUsedAt: '2026-11-27T19:00:00.000Z', current: true };
const laptop: SignedInDevice = { id: 'f2', client: 'RMS Console 0.1.0 (Windows x64)', address: '10.0.0.9', createdAt: '2026-11-21T09:00:00.000Z', lastUsedAt: '2026-11-26T08:00:00.000Z', current: false };
const unknown: SignedInDevice = { id: 'f3', client: null, address: null, createdAt: '2026-11-22T09:00:00.000Z', lastUsedAt: '2026-11-22T09:00:00.000Z', current: false };

async function mountDevices() {
  const mock = installRmsMock({ 'account:getMe': ok(makeMe()), 'account:listDevices': ok([here, laptop, unknown]) });
  const view = await mountView(AccountSettingsView, { app: { info: makeInfo() }, auth: { state: signedIn() } });
  await flushPromises();
  return { mock, ...view };
}

describe('Signed-in devices', () => {
  it('lists the devices with this one marked and no Sign out for it', async () => {
    const { wrapper } = await mountDevices();
    const items = wrapper.findAll('ul[aria-label="Signed-in devices"] > li');
    expect(items).toHaveLength(3);
    expect(items[0]!.text()).toContain('RMS Console 0.1.0 (Linux x64)');
    expect(items[0]!.text()).toContain('This device');
    expect(items[0]!.find('button').exists()).toBe(false);
    expect(items[1]!.text()).toContain('From 10.0.0.9');
    expect(items[2]!.text()).toContain('Unknown app');
    expect(items[2]!.text()).toContain('From an unknown address');
  });

  it('signs one device out after confirming, and every other one with "Sign out everywhere else"', async () => {
    const { wrapper, mock } = await mountDevices();
    mock.on('account:signOutDevice', ok({ signedOut: 1 }));
    await wrapper.get('button[aria-label^="Sign out RMS Console 0.1.0 (Windows x64)"]').trigger('click');
    const dialog = wrapper.get('[role="dialog"]');
    await dialog.findAll('button').find((b) => b.text() === 'Sign out')!.trigger('click');
    await flushPromises();
    expect(mock.inputsOf('account:signOutDevice')).toEqual([{ deviceId: 'f2' }]);
    expect(wrapper.findAll('ul[aria-label="Signed-in devices"] > li')).toHaveLength(2);
    expect(wrapper.text()).toContain('RMS Console 0.1.0 (Windows x64) was signed out.');

    mock.on('account:signOutOtherDevices', ok({ signedOut: 1 }));
    await wrapper.findAll('button').find((b) => b.text() === 'Sign out everywhere else')!.trigger('click');
    await wrapper.get('[role="dialog"]').findAll('button').find((b) => b.text() === 'Sign out everywhere else')!.trigger('click');
    await flushPromises();
    expect(mock.inputsOf('account:signOutOtherDevices')).toHaveLength(1);
    expect(wrapper.findAll('ul[aria-label="Signed-in devices"] > li')).toHaveLength(1);
    expect(wrapper.text()).toContain('1 other device was signed out.');
    expect(wrapper.findAll('button').find((b) => b.text() === 'Sign out everywhere else')!.attributes('disabled')).toBeDefined();
  });
});
