import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import '../features/sign-in/SignInView.vue';
import { makeInfo } from '../test/fixtures';
import { createAppTestingPinia } from '../test/app-testing-pinia';
import { installRmsMock, ok } from '../test/rms-mock';
import App from './App.vue';
import { createAppRouter } from './router';
import { startLoading } from './start-loading';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('startLoading', () => {
  it('asks main for the app facts and the auth state before the window mounts, and the window and the router wait for those same calls', async () => {
    let answer!: () => void;
    const mock = installRmsMock({
      'app:getInfo': () => new Promise((resolve) => (answer = () => resolve(ok(makeInfo())))),
      'auth:getState': ok({ kind: 'signed_out' }),
    });
    const pinia = createAppTestingPinia();
    startLoading(pinia);
    expect(mock.calls.map((c) => c.channel)).toEqual(['app:getInfo', 'auth:getState']);

    const router = createAppRouter(createMemoryHistory());
    router.push('/').catch(() => undefined);
    const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body });
    await flushPromises();
    expect(wrapper.get('[role="status"]').text()).toBe('Signing in…');
    answer();
    await flushPromises();
    expect(router.currentRoute.value.name).toBe('sign-in');
    expect(wrapper.find('input[type="password"]').exists()).toBe(true);
    expect(mock.calls.map((c) => c.channel)).toEqual(['app:getInfo', 'auth:getState']);
  });
});
