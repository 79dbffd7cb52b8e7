import type { AuditEvent, AuthState, CompanyResponse, CompanyUser, IpcResult, MeResponse, ResetRequest, SignedInDevice } from '@rms/shared';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from '../app-shell/App.vue';
import { createAppRouter } from '../app-shell/router';
import { useAppStore } from '../app-shell/app-store';
import { useCompanyPolicyStore } from '../features/company/policy-store';
import { createAppTestingPinia } from '../test/app-testing-pinia';
import { makeInfo } from '../test/fixtures';
import { installRmsMock, ok, type RmsMock } from '../test/rms-mock';
import { useAuthStore } from './auth-store';
// Loaded up front: the router imports screens lazily, and transforming them can outlast a test's timeout.
import '../features/account/AccountSettingsView.vue';
import '../features/company/CompanySettingsView.vue';

/** One administrator and everything of their company that the screens load. */
function adminOf(company: string, domain: string) {
  const me: MeResponse = {
    user: { id: `admin-${domain}`, email: `boss@${domain}`, name: `${company} Boss`, role: 'admin', companyId: `company-${domain}`, twoFactor: { enabled: true, enabledAt: '2026-11-01T10:00:00.000Z', backupCodeCreatedAt: '2026-11-01T10:00:00.000Z' } },
    company: { id: `company-${domain}`, name: company, twoFactorAtLogin: 'optional' },
    enrollmentRequired: false,
    enrollmentDeadline: null,
  };
  const companyAnswer: CompanyResponse = { id: me.company.id, name: company, twoFactorAtLogin: 'optional', counts: { users: 2, enrolled: 1, inScope: 2, enrolledInScope: 1 }, rollout: null };
  const users: CompanyUser[] = [
    { id: `worker-${domain}`, email: `worker@${domain}`, name: `${company} Worker`, role: 'user', twoFactor: { enabled: false, enabledAt: null }, lockedUntil: null, locked: false, lastSignInAt: null, rollout: { state: 'not_required', deadline: null } },
  ];
  const audit: AuditEvent[] = [
    { id: `event-${domain}`, type: 'two_factor.enabled', at: '2026-11-27T19:00:00.000Z', actor: { id: me.user.id, email: me.user.email }, subject: null, clientAddress: '203.0.113.7', details: {} },
  ];
  const devices: SignedInDevice[] = [
    { id: `device-${domain}`, client: `RMS Console 0.1.0 (${domain.split('.')[0]}-laptop)`, address: '198.51.100.4', createdAt: '2026-11-27T18:00:00.000Z', lastUsedAt: '2026-11-27T19:00:00.000Z', current: true },
  ];
  const resetRequests: ResetRequest[] = [
    {
      id: `request-${domain}`,
      target: { id: `other-admin-${domain}`, email: `second@${domain}`, name: `${company} Second` },
      requestedBy: { id: `third-admin-${domain}`, email: `third@${domain}` },
      requestedAt: '2026-11-27T19:00:00.000Z',
      expiresAt: '2026-11-28T19:00:00.000Z',
    },
  ];
  const state: AuthState = { kind: 'signed_in', me };
  return { me, state, companyAnswer, users, audit, devices, resetRequests };
}

const A = adminOf('Acme', 'acme.test');
const B = adminOf('Globex', 'globex.test');
/** Strings only admin A's data contains. */
const TRACES_OF_A = ['Acme', 'acme.test', 'campaign-acme', '203.0.113.7', 'acme-laptop'];

function answerCompanyOf(mock: RmsMock, admin: typeof A): void {
  mock
    .on('account:getMe', ok(admin.me))
    .on('account:listDevices', ok(admin.devices))
    .on('company:get', ok(admin.companyAnswer))
    .on('company:listUsers', ok({ items: admin.users, nextCursor: 'next-page', counts: admin.companyAnswer.counts }))
    .on('company:listAudit', ok({ items: admin.audit, nextCursor: null }))
    .on('company:listResetRequests', ok({ items: admin.resetRequests }));
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('sign-out resets every store', () => {
  it("admin A signs out, admin B of another company signs in: no trace of A's data in any store or on screen", async () => {
    const mock = installRmsMock({ 'app:getInfo': ok(makeInfo()), 'auth:getState': ok(A.state) });
    answerCompanyOf(mock, A);
    mock.on('company:setPolicy', ok({ twoFactorAtLogin: 'required', campaign: { id: 'campaign-acme', createdAt: '2026-11-27T19:00:00.000Z', total: 1, sent: 0, failed: 0, done: false } }));
    const pinia = createAppTestingPinia();
    const router = createAppRouter(createMemoryHistory());
    await router.push('/company');
    const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body });
    await vi.waitFor(() => expect(wrapper.text()).toContain('worker@acme.test'), { timeout: 4000 });
    await router.push('/account'); // A's signed-in devices are loaded too
    await vi.waitFor(() => expect(wrapper.text()).toContain('acme-laptop'), { timeout: 4000 });
    await router.push('/company');
    await vi.waitFor(() => expect(wrapper.text()).toContain('worker@acme.test'), { timeout: 4000 });
    await useCompanyPolicyStore().setPolicy('required', true); // a campaign being followed
    expect(useCompanyPolicyStore().isPolling()).toBe(true);
    expect(JSON.stringify(pinia.state.value)).toContain('Acme');

    // A signs out from the header menu.
    mock.on('auth:signOut', ok({ kind: 'signed_out', email: A.me.user.email }));
    await wrapper.get('[aria-haspopup="menu"]').trigger('click');
    await wrapper.findAll('[role="menuitem"]').find((item) => item.text() === 'Sign out')!.trigger('click');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('sign-in'), { timeout: 4000 });
    expect(useCompanyPolicyStore().isPolling()).toBe(false);

    // B signs in on the same window, and opens Company settings while B's company is still loading.
    answerCompanyOf(mock, B);
    const pending = <T>() => new Promise<IpcResult<T>>(() => undefined);
    mock.on('company:get', pending).on('company:listUsers', pending).on('company:listAudit', pending).on('account:listDevices', pending);
    mock.on('auth:signIn', ok(B.state));
    await wrapper.get('#email').setValue(B.me.user.email);
    await wrapper.get('#password').setValue('globex password');
    await wrapper.get('form').trigger('submit');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('account'), { timeout: 4000 });
    await router.push('/company');
    await flushPromises();
    expect(router.currentRoute.value.name).toBe('company');
    expect(wrapper.text()).toContain('boss@globex.test');

    const stores = JSON.stringify(pinia.state.value);
    const screen = document.body.innerHTML;
    for (const trace of TRACES_OF_A) {
      expect(stores, `the stores still hold "${trace}"`).not.toContain(trace);
      expect(screen, `the screen still shows "${trace}"`).not.toContain(trace);
    }
    expect(mock.inputsOf('company:getCampaign')).toEqual([]);
  });

  it('drops an answer for A that arrives after the session ended', async () => {
    let answerAudit: (result: IpcResult<unknown>) => void = () => undefined;
    const mock = installRmsMock({ 'app:getInfo': ok(makeInfo()), 'auth:getState': ok(A.state) });
    answerCompanyOf(mock, A);
    mock.on('company:listAudit', () => new Promise((resolve) => (answerAudit = resolve)));
    const pinia = createAppTestingPinia();
    const router = createAppRouter(createMemoryHistory());
    await router.push('/company');
    mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body });
    await vi.waitFor(() => expect(mock.inputsOf('company:listAudit')).toHaveLength(1), { timeout: 4000 });

    mock.emit('auth:stateChanged', { kind: 'signed_out', email: A.me.user.email }); // the session ended in main
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('sign-in'), { timeout: 4000 });
    answerAudit(ok({ items: A.audit, nextCursor: 'more-of-acme' }));
    await flushPromises();
    // (The auth state keeps the last email for the sign-in form; that is not the company's data.)
    for (const trace of ['event-acme.test', '203.0.113.7', 'more-of-acme']) {
      expect(JSON.stringify(pinia.state.value)).not.toContain(trace);
      expect(document.body.innerHTML).not.toContain(trace);
    }
  });

  it("resets when main switches straight to another account, and keeps the app's facts and notices", () => {
    installRmsMock();
    createAppTestingPinia({ app: { info: makeInfo(), notices: [{ level: 'warning', code: 'keychain', message: 'Keychain locked.' }] }, auth: { state: A.state } });
    const policy = useCompanyPolicyStore();
    policy.company = A.companyAnswer;
    const auth = useAuthStore();
    auth.replaceMe({ ...A.me, user: { ...A.me.user, name: 'Renamed' } }); // the same account: nothing is reset
    expect(policy.company).toEqual(A.companyAnswer);
    auth.setState(B.state);
    expect(policy.company).toBeNull();
    expect(useAppStore().notices).toHaveLength(1);
    expect(useAppStore().info?.backendUrl).toBe('https://rms.example.com');
  });
});
