import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { makeInfo, makeMe, signedIn } from '../../test/fixtures';
import { mountView } from '../../test/mount-view';
import { fail, installRmsMock, ok } from '../../test/rms-mock';
import AccountSettingsView from './AccountSettingsView.vue';

afterEach(() => {
  document.body.innerHTML = '';
});

type Wrapper = Awaited<ReturnType<typeof mountView>>['wrapper'];

function buttonNamed(wrapper: Wrapper, name: string) {
  const found = wrapper.findAll('button').find((b) => b.text() === name);
  if (!found) throw new Error(`No button "${name}"`);
  return found;
}

function panelAlert(wrapper: Wrapper) {
  return wrapper.get('[aria-labelledby="change-password-heading"] [role="alert"]');
}

async function openPanel(enabled: boolean) {
  const mock = installRmsMock({ 'account:listDevices': ok([]), 'account:getMe': ok(makeMe({ enabled })) });
  const view = await mountView(AccountSettingsView, { app: { info: makeInfo() }, auth: { state: signedIn({ enabled }) } });
  await flushPromises();
  await buttonNamed(view.wrapper, 'Change password').trigger('click');
  return { mock, ...view };
}

async function fill(wrapper: Wrapper, current: string, next: string, again = next): Promise<void> {
  await wrapper.get('#current-password').setValue(current);
  await wrapper.get('#new-password').setValue(next);
  await wrapper.get('#new-password-again').setValue(again);
}

describe('Change password', () => {
  it('refuses a short or mistyped new password without asking the main process', async () => {
    const { wrapper, mock } = await openPanel(false);
    await fill(wrapper, 'old-password', 'short');
    await wrapper.get('form').trigger('submit');
    expect(panelAlert(wrapper).text()).toBe('Use at least 12 characters for the new password (this one has 5).');
    await fill(wrapper, 'old-password', 'lantern-orbit-tundra', 'lantern-orbit-tundrA');
    await wrapper.get('form').trigger('submit');
    expect(panelAlert(wrapper).text()).toBe('The two new passwords are not the same. Type the new password again.');
    expect(mock.inputsOf('account:changePassword')).toHaveLength(0);
  });

  it("shows the server's strength feedback as is, then reports the change and the devices signed out", async () => {
    const feedback = 'That password is too easy to guess. This is similar to a commonly used password. Add more words that are less common.';
    const { wrapper, mock } = await openPanel(true);
    mock.on('account:changePassword', fail('weak_password', { message: feedback }));
    await fill(wrapper, 'old-password', 'password1234');
    const code = wrapper.get('input[autocomplete="one-time-code"]');
    await code.setValue('123456');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(panelAlert(wrapper).text()).toBe(feedback);
    expect((wrapper.get('#new-password-again').element as HTMLInputElement).value).toBe('');

    mock.on('account:changePassword', ok({ signedOut: 2 }));
    await fill(wrapper, 'old-password', 'lantern-orbit-tundra-quill');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(mock.inputsOf('account:changePassword')).toEqual([
      { currentPassword: 'old-password', newPassword: 'password1234', code: '123456' },
      { currentPassword: 'old-password', newPassword: 'lantern-orbit-tundra-quill', code: '123456' },
    ]);
    expect(wrapper.text()).toContain('Your password was changed; 2 other devices were signed out.');
    expect(wrapper.find('#current-password').exists()).toBe(false);
  });

  it('clears the current password after it was refused', async () => {
    const { wrapper, mock } = await openPanel(false);
    mock.on('account:changePassword', fail('invalid_current_password', { message: 'Your current password is not correct. Type it again (check Caps Lock).' }));
    await fill(wrapper, 'wrong-password', 'lantern-orbit-tundra-quill');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(panelAlert(wrapper).text()).toBe('Your current password is not correct. Type it again (check Caps Lock).');
    expect((wrapper.get('#current-password').element as HTMLInputElement).value).toBe('');
    expect(mock.inputsOf('account:changePassword')).toEqual([{ currentPassword: 'wrong-password', newPassword: 'lantern-orbit-tundra-quill' }]);
  });
});
