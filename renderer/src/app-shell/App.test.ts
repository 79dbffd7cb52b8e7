import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from './App.vue';
// Loaded up front: the router imports screens lazily, and transforming them can outlast a test's timeout.
import '../features/account/AccountSettingsView.vue';
import '../features/sign-in/SignInView.vue';
import '../features/connect/ConnectView.vue';
import { createAppRouter } from './router';
import { makeInfo, makeMe, signedIn } from '../test/fixtures';
import { createAppTestingPinia } from '../test/app-testing-pinia';
import { installRmsMock, ok } from '../test/rms-mock';

afterEach(() => {
  document.body.innerHTML = '';
});

async function mountApp(path: string) {
  const pinia = createAppTestingPinia();
  const router = createAppRouter(createMemoryHistory());
  router.push(path).catch(() => undefined);
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body });
  await flushPromises();
  return { wrapper, router };
}

describe('App', () => {
  it('follows auth:stateChanged: a session ended by main sends the person to sign in', async () => {
    const mock = installRmsMock({
      'app:getInfo': ok(makeInfo()),
      'auth:getState': ok(signedIn()),
      'account:getMe': ok(makeMe()),
      'account:listDevices': ok([]),
    });
    const { router, wrapper } = await mountApp('/account');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('account'), { timeout: 4000 });
    expect(wrapper.get('header').text()).toContain('ada@example.com');
    mock.emit('auth:stateChanged', { kind: 'signed_out', email: 'ada@example.com' });
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('sign-in'), { timeout: 4000 });
    expect(wrapper.find('[aria-haspopup="menu"]').exists()).toBe(false);
  });

  it('shows the keychain warning and notices pushed by main', async () => {
    const mock = installRmsMock({
      'app:getInfo': ok(makeInfo({ storage: { persistent: false, reason: 'The keychain is locked: your session is kept in memory only.' } })),
      'auth:getState': ok({ kind: 'signed_out' }),
    });
    const { wrapper } = await mountApp('/sign-in');
    await vi.waitFor(() => expect(wrapper.get('[data-testid="storage-warning"]').text()).toContain('kept in memory only'));
    mock.emit('app:notice', { level: 'warning', code: 'session_ended', message: 'Your session ended on the server. Sign in again.' });
    await flushPromises();
    expect(wrapper.text()).toContain('Your session ended on the server. Sign in again.');
  });

  it('sends a first run to the connect screen', async () => {
    installRmsMock({ 'app:getInfo': ok(makeInfo({ backendUrl: null })), 'auth:getState': ok({ kind: 'signed_out' }) });
    const { router } = await mountApp('/sign-in');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('connect'));
  });

  it('says "Signing in…" while the main process is still starting, then shows the screen', async () => {
    let answerInfo!: () => void;
    installRmsMock({
      'app:getInfo': () => new Promise((resolve) => (answerInfo = () => resolve(ok(makeInfo())))),
      'auth:getState': ok({ kind: 'signed_out' }),
    });
    const { wrapper, router } = await mountApp('/sign-in');
    expect(wrapper.get('[role="status"]').text()).toBe('Signing in…');
    answerInfo();
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('sign-in'));
    await flushPromises();
    expect(wrapper.find('[role="status"]').exists()).toBe(false);
  });
});
