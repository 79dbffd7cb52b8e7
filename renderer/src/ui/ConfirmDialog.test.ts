import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import ConfirmDialog from './ConfirmDialog.vue';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('ConfirmDialog', () => {
  it('is a labelled modal that takes focus, traps Tab and cancels on Escape', async () => {
    const opener = document.createElement('button');
    document.body.appendChild(opener);
    opener.focus();
    const wrapper = mount(ConfirmDialog, { props: { title: 'Reset two-factor?', confirmLabel: 'Reset two-factor' }, slots: { default: 'Body' }, attachTo: document.body });
    await nextTick();
    await nextTick();
    const dialog = wrapper.get('[role="dialog"]');
    expect(dialog.attributes('aria-modal')).toBe('true');
    expect(wrapper.get(`#${dialog.attributes('aria-labelledby')}`).text()).toBe('Reset two-factor?');
    const [cancel, confirm] = wrapper.findAll('button');
    expect(document.activeElement).toBe(cancel!.element);
    confirm!.element.focus();
    await dialog.trigger('keydown', { key: 'Tab' });
    expect(document.activeElement).toBe(cancel!.element);
    await dialog.trigger('keydown', { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(confirm!.element);
    await dialog.trigger('keydown', { key: 'Escape' });
    expect(wrapper.emitted('cancel')).toHaveLength(1);
    wrapper.unmount();
    expect(document.activeElement).toBe(opener);
  });
});
