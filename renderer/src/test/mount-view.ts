import { createTestingPinia } from '@pinia/testing';
import { mount } from '@vue/test-utils';
import { vi } from 'vitest';
import type { Component } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { routes } from '../app-shell/router';

/** Mounts a screen with a real Pinia (actions run against the window.rms mock) and a memory router. */
export async function mountView(component: Component, initialState: Record<string, unknown> = {}, path = '/') {
  const pinia = createTestingPinia({ createSpy: vi.fn, stubActions: false, initialState });
  const router = createRouter({ history: createMemoryHistory(), routes });
  await router.push(path);
  const wrapper = mount(component, { global: { plugins: [pinia, router] }, attachTo: document.body });
  return { wrapper, router, pinia };
}
