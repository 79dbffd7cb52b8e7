import { flushPromises } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { useAuthStore } from '../session/auth-store';
import { makeInfo, makeMe, signedIn } from '../test/fixtures';
import { createAppTestingPinia } from '../test/app-testing-pinia';
import { installRmsMock, ok } from '../test/rms-mock';
import { useAppStore } from './app-store';
import { createAppRouter } from './router';
// Loaded up front: the router imports screens lazily, and transforming them can outlast a test's timeout.
import '../features/account/AccountSettingsView.vue';
import '../features/company/CompanySettingsView.vue';
import '../features/connect/ConnectView.vue';

function appRouter(initialState: Record<string, unknown>) {
  createAppTestingPinia(initialState);
  return createAppRouter(createMemoryHistory());
}

describe('followAuthState', () => {
  it("keeps an administrator's deep link to company settings, and leaves it when main says they no longer are one", async () => {
    const mock = installRmsMock();
    const router = appRouter({ app: { info: makeInfo() }, auth: { state: signedIn({ role: 'admin' }) } });
    await router.push('/company');
    expect(router.currentRoute.value.name).toBe('company');

    useAuthStore().replaceMe(makeMe({ role: 'admin', enabled: true })); // a new /me that still allows the screen
    await flushPromises();
    expect(router.currentRoute.value.name).toBe('company');

    mock.emit('auth:stateChanged', signedIn({ role: 'user' }));
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('account'));
  });

  it('leads from the connect screen to sign in once the server address changed (not only on the first run)', async () => {
    installRmsMock({ 'app:setBackendUrl': ok(makeInfo({ backendUrl: 'https://other.example.com' })) });
    const router = appRouter({ app: { info: makeInfo() }, auth: { state: { kind: 'signed_out' } } });
    await router.push('/connect');
    expect(router.currentRoute.value.name).toBe('connect');
    await useAppStore().setBackendUrl('https://other.example.com');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('sign-in'));
  });

  it('starts a first run on the connect screen, whatever was asked', async () => {
    installRmsMock();
    const router = appRouter({ app: { info: makeInfo({ backendUrl: null }) }, auth: { state: { kind: 'signed_out' } } });
    await router.push('/company');
    expect(router.currentRoute.value.name).toBe('connect');
  });
});
