import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import HeaderMenu from './HeaderMenu.vue';

const items = [
  { id: 'account', label: 'Account settings' },
  { id: 'company', label: 'Company settings' },
  { id: 'sign-out', label: 'Sign out' },
];

function mountMenu() {
  return mount(HeaderMenu, { props: { label: 'ada@example.com', items }, attachTo: document.body });
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('HeaderMenu', () => {
  it('is a menu button named "Account menu" that reports its state', async () => {
    const wrapper = mountMenu();
    const button = wrapper.get('button');
    expect(button.attributes('aria-haspopup')).toBe('menu');
    expect(button.attributes('aria-expanded')).toBe('false');
    expect(button.text()).toContain('Account menu');
    await button.trigger('click');
    expect(button.attributes('aria-expanded')).toBe('true');
    expect(wrapper.findAll('[role="menuitem"]').map((w) => w.text())).toEqual(['Account settings', 'Company settings', 'Sign out']);
    wrapper.unmount();
  });

  it('opens with ArrowDown on the first item, moves with arrows (wrapping), Home and End', async () => {
    const wrapper = mountMenu();
    await wrapper.get('button').trigger('keydown', { key: 'ArrowDown' });
    const menuItems = wrapper.findAll('[role="menuitem"]');
    expect(document.activeElement).toBe(menuItems[0]!.element);
    await menuItems[0]!.trigger('keydown', { key: 'ArrowDown' });
    expect(document.activeElement).toBe(menuItems[1]!.element);
    await menuItems[1]!.trigger('keydown', { key: 'End' });
    expect(document.activeElement).toBe(menuItems[2]!.element);
    await menuItems[2]!.trigger('keydown', { key: 'ArrowDown' });
    expect(document.activeElement).toBe(menuItems[0]!.element);
    await menuItems[0]!.trigger('keydown', { key: 'ArrowUp' });
    expect(document.activeElement).toBe(menuItems[2]!.element);
    await menuItems[2]!.trigger('keydown', { key: 'Home' });
    expect(document.activeElement).toBe(menuItems[0]!.element);
    wrapper.unmount();
  });

  it('opens with ArrowUp on the last item', async () => {
    const wrapper = mountMenu();
    await wrapper.get('button').trigger('keydown', { key: 'ArrowUp' });
    expect(document.activeElement?.textContent?.trim()).toBe('Sign out');
    wrapper.unmount();
  });

  it('closes with Escape and gives focus back to the button', async () => {
    const wrapper = mountMenu();
    const button = wrapper.get('button');
    await button.trigger('keydown', { key: 'Enter' });
    await wrapper.findAll('[role="menuitem"]')[0]!.trigger('keydown', { key: 'Escape' });
    expect(button.attributes('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button.element);
    expect(wrapper.emitted('select')).toBeUndefined();
    wrapper.unmount();
  });

  it('selects the focused item with Enter and closes', async () => {
    const wrapper = mountMenu();
    await wrapper.get('button').trigger('keydown', { key: 'ArrowDown' });
    const second = wrapper.findAll('[role="menuitem"]')[1]!;
    await second.trigger('keydown', { key: 'Enter' });
    expect(wrapper.emitted('select')).toEqual([['company']]);
    expect(wrapper.get('button').attributes('aria-expanded')).toBe('false');
    wrapper.unmount();
  });
});
