import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { buttonNamed, typeCode } from '../../test/dom';
import { makeInfo, makeMe, signedIn } from '../../test/fixtures';
import { mountView } from '../../test/mount-view';
import { fail, installRmsMock, ok } from '../../test/rms-mock';
import AccountSettingsView from './AccountSettingsView.vue';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('AccountSettingsView', () => {
  it('offers the enable switch and button when 2FA is off', async () => {
    installRmsMock({ 'account:listDevices': ok([]), 'account:getMe': ok(makeMe({ enabled: false })) });
    const { wrapper } = await mountView(AccountSettingsView, { app: { info: makeInfo() }, auth: { state: signedIn({ enabled: false }) } });
    await flushPromises();
    const toggle = wrapper.get('[role="switch"]');
    expect(toggle.attributes('aria-checked')).toBe('false');
    expect(toggle.attributes('aria-labelledby')).toBe('two-factor-switch-label');
    expect(wrapper.text()).toContain('Not enabled');
    expect(buttonNamed(wrapper, 'Enable Two-Factor Authentication').exists()).toBe(true);
  });

  it('says the backup code turned 2FA off after a sign-in with it, and not after an ordinary one', async () => {
    installRmsMock({ 'account:listDevices': ok([]), 'account:getMe': ok(makeMe({ enabled: false })) });
    const notice = 'You signed in with your backup code, so two-factor authentication was turned off';
    const recovered = await mountView(AccountSettingsView, { app: { info: makeInfo() }, auth: { state: signedIn({ enabled: false }), recoveredWithBackupCode: true } });
    await flushPromises();
    expect(recovered.wrapper.text()).toContain(notice);
    recovered.wrapper.unmount();
    const ordinary = await mountView(AccountSettingsView, { app: { info: makeInfo() }, auth: { state: signedIn({ enabled: false }) } });
    await flushPromises();
    expect(ordinary.wrapper.text()).not.toContain(notice);
  });

  it('disables Turn off with the reason while the company requires 2FA', async () => {
    installRmsMock({ 'account:listDevices': ok([]), 'account:getMe': ok(makeMe({ enabled: true, policy: 'required' })) });
    const { wrapper } = await mountView(AccountSettingsView, { app: { info: makeInfo() }, auth: { state: signedIn({ enabled: true, policy: 'required' }) } });
    await flushPromises();
    const turnOff = buttonNamed(wrapper, 'Turn off');
    expect(turnOff.attributes('disabled')).toBeDefined();
    expect(wrapper.get(`#${turnOff.attributes('aria-describedby')}`).text()).toBe('Not available: your company requires two-factor authentication.');
    expect(wrapper.get('[role="switch"]').attributes('disabled')).toBeDefined();
  });

  it('creates a new backup code after a current code, warns the old one is void, and gates Done', async () => {
    const mock = installRmsMock({
      'account:listDevices': ok([]),
      'account:getMe': ok(makeMe({ enabled: true })),
      'account:regenerateBackupCode': fail('invalid_code'),
    });
    const { wrapper } = await mountView(AccountSettingsView, { app: { info: makeInfo() }, auth: { state: signedIn({ enabled: true }) } });
    await flushPromises();
    await buttonNamed(wrapper, 'Create a new Backup code').trigger('click');
    typeCode(wrapper, '111111');
    await flushPromises();
    expect(wrapper.findAll('[role="alert"]').map((a) => a.text()).join(' ')).toMatch(/That code is not correct/);

    mock.on('account:regenerateBackupCode', ok({ backupCode: 'AAAAABBBBBCCCCCDDDDD' }));
    typeCode(wrapper, '222222');
    await flushPromises();
    expect(wrapper.get('[data-testid="backup-code"]').text()).toBe('AAAAA-BBBBB-CCCCC-DDDDD');
    expect(wrapper.text()).toContain('Your previous backup code no longer works.');
    const done = buttonNamed(wrapper, 'Done');
    expect(done.attributes('disabled')).toBeDefined();
    await wrapper.get('input[type="checkbox"]').setValue(true);
    await done.trigger('click');
    await flushPromises();
    expect(mock.inputsOf('account:regenerateBackupCode')).toEqual([{ code: '111111' }, { code: '222222' }]);
    expect(mock.inputsOf('account:getMe')).toHaveLength(2);
    expect(wrapper.text()).toContain('Your new backup code is active');
  });

  it('turns 2FA off only with the Turn off button after a code', async () => {
    const mock = installRmsMock({
      'account:listDevices': ok([]),
      'account:getMe': ok(makeMe({ enabled: true })),
      'account:disableTwoFactor': ok({ twoFactor: { enabled: false, enabledAt: null, backupCodeCreatedAt: null } }),
    });
    const { wrapper } = await mountView(AccountSettingsView, { app: { info: makeInfo() }, auth: { state: signedIn({ enabled: true }) } });
    await flushPromises();
    await buttonNamed(wrapper, 'Turn off').trigger('click');
    typeCode(wrapper, '123456');
    await flushPromises();
    expect(mock.inputsOf('account:disableTwoFactor')).toHaveLength(0); // no auto-submit for a destructive action
    await wrapper.findAll('button').find((b) => b.text() === 'Turn off' && b.classes('danger'))!.trigger('click');
    await flushPromises();
    expect(mock.inputsOf('account:disableTwoFactor')).toEqual([{ code: '123456' }]);
    expect(wrapper.get('[role="switch"]').attributes('aria-checked')).toBe('false');
    expect(wrapper.text()).toContain('Two-factor authentication is off.');
  });
});
