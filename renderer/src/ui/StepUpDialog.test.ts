import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { IpcResultError } from '../api/ipc-result-error';
import { buttonNamed, typeCode } from '../test/dom';
import StepUpDialog from './StepUpDialog.vue';

afterEach(() => {
  document.body.innerHTML = '';
});

function mountDialog(action: (code: string) => Promise<unknown>) {
  return mount(StepUpDialog, {
    props: { title: 'Reset two-factor authentication for Ann?', confirmLabel: 'Reset two-factor', action },
    slots: { default: '<p>Ann will be emailed.</p>' },
    attachTo: document.body,
  });
}

describe('StepUpDialog', () => {
  it('asks for the admin\'s own code in a labelled field that has the focus, and runs the action with it', async () => {
    const action = vi.fn(async (_code: string) => undefined);
    const wrapper = mountDialog(action);
    await nextTick();
    await nextTick();
    const field = wrapper.get('input[autocomplete="one-time-code"]');
    expect(document.activeElement).toBe(field.element);
    expect(wrapper.get(`label[for="${field.attributes('id')}"]`).text()).toBe('Your verification code');
    expect(wrapper.get('[role="dialog"]').text()).toContain('Ann will be emailed.');
    typeCode(wrapper, '123 456');
    await flushPromises();
    expect(action).toHaveBeenCalledExactlyOnceWith('123456');
    expect(wrapper.emitted('done')).toHaveLength(1);
  });

  it('explains a refused code in the dialog, empties the field and keeps the dialog open', async () => {
    const action = vi.fn(async () => Promise.reject(new IpcResultError({ code: 'invalid_code', message: '', hint: 'check_phone_clock' })));
    const wrapper = mountDialog(action);
    typeCode(wrapper, '654321');
    await flushPromises();
    await nextTick();
    expect(wrapper.get('[role="alert"]').text()).toBe(
      "That code is not correct. If your code is right, check that your phone's clock is set automatically, then enter the new code.",
    );
    const field = wrapper.get('input[autocomplete="one-time-code"]');
    expect((field.element as HTMLInputElement).value).toBe('');
    expect(document.activeElement).toBe(field.element);
    expect(wrapper.emitted('done')).toBeUndefined();
  });

  it('asks for the code when Confirm is pressed without one, without calling the action', async () => {
    const action = vi.fn(async () => undefined);
    const wrapper = mountDialog(action);
    await buttonNamed(wrapper, 'Reset two-factor').trigger('click');
    await nextTick();
    expect(wrapper.get('[role="alert"]').text()).toBe('Enter the 6-digit code your authenticator app shows now.');
    expect(action).not.toHaveBeenCalled();
  });

  it('blocks the field and the button while the throttle counts down', async () => {
    const wrapper = mountDialog(async () => Promise.reject(new IpcResultError({ code: 'too_many_attempts', message: '', retryAfterSeconds: 30 })));
    typeCode(wrapper, '111111');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toBe('Too many attempts. Try again in 30 seconds.');
    expect(wrapper.get('input[autocomplete="one-time-code"]').attributes('disabled')).toBeDefined();
    expect(buttonNamed(wrapper, 'Reset two-factor').attributes('disabled')).toBeDefined();
    await buttonNamed(wrapper, 'Cancel').trigger('click');
    expect(wrapper.emitted('cancel')).toHaveLength(1);
  });
});
