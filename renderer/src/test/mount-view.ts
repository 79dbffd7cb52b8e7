import { mount } from '@vue/test-utils';
import type { Component } from 'vue';
import { createMemoryHistory } from 'vue-router';
import { createAppRouter } from '../app-shell/router';
import { createAppTestingPinia } from './app-testing-pinia';

/**
 * Mounts a screen with the app's Pinia (actions run against the window.rms mock) and the app's own
 * router on a memory history, so the navigation follows the auth state as in the app.
 */
export async function mountView(component: Component, initialState: Record<string, unknown> = {}, path = '/') {
  const pinia = createAppTestingPinia(initialState);
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  const wrapper = mount(component, { global: { plugins: [pinia, router] }, attachTo: document.body });
  return { wrapper, router, pinia };
}
