import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { useFocusHeading } from './use-focus-heading';

const Screen = defineComponent({
  setup() {
    const heading = useFocusHeading();
    return () => h('h1', { ref: heading, tabindex: -1 }, 'Sign in');
  },
});

afterEach(() => {
  document.body.innerHTML = '';
});

describe('useFocusHeading', () => {
  it('focuses the first screen heading once the first frame is painted, later screens at once', async () => {
    const first = mount(Screen, { attachTo: document.body });
    // Not during the mount: focus() would lay the page out before the first frame (after-first-frame.ts).
    expect(document.activeElement).not.toBe(first.element);
    await vi.waitFor(() => expect(document.activeElement).toBe(first.element));
    first.unmount();

    const next = mount(Screen, { attachTo: document.body });
    expect(document.activeElement).toBe(next.element);
  });
});
