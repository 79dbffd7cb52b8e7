import { createTestingPinia } from '@pinia/testing';
import { mount } from '@vue/test-utils';
import { vi } from 'vitest';
import type { Component } from 'vue';
import { createMemoryHistory } from 'vue-router';
import { createAppRouter } from '../app-shell/router';

/**
 * Mounts a screen with a real Pinia (actions run against the window.rms mock) and the app's own
 * router on a memory history, so the navigation follows the auth state as in the app.
 */
export async function mountView(component: Component, initialState: Record<string, unknown> = {}, path = '/') {
  const pinia = createTestingPinia({ createSpy: vi.fn, stubActions: false, initialState });
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  const wrapper = mount(component, { global: { plugins: [pinia, router] }, attachTo: document.body });
  return { wrapper, router, pinia };
}
