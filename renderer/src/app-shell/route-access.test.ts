import { describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { createAppTestingPinia } from '../test/app-testing-pinia';
import { makeInfo, signedIn } from '../test/fixtures';
import { createAppRouter } from './router';
import { allowedRoute, type RouteName } from './route-access';
// Loaded up front: the router imports screens lazily, and transforming them can outlast a test's timeout.
import '../features/account/AccountSettingsView.vue';
import '../features/sign-in/EnrollmentView.vue';

const ALL: RouteName[] = ['connect', 'sign-in', 'sign-in-code', 'sign-in-backup-code', 'enrollment', 'account', 'company'];
const info = makeInfo();

describe('allowedRoute', () => {
  it('locks every route to the wizard while enrollment is required', () => {
    const auth = { kind: 'enrollment_required', email: 'a@b.c', via: 'sign_in' } as const;
    for (const target of ALL) expect(allowedRoute(target, { info, auth })).toBe('enrollment');
  });

  it('keeps non-administrators out of company settings', () => {
    expect(allowedRoute('company', { info, auth: signedIn({ role: 'user' }) })).toBe('account');
    expect(allowedRoute('company', { info, auth: signedIn({ role: 'admin' }) })).toBe('company');
  });

  it('sends a first run to connect, signed-out people to sign in, and a pending code to the code step', () => {
    expect(allowedRoute('account', { info: makeInfo({ backendUrl: null }), auth: { kind: 'signed_out' } })).toBe('connect');
    expect(allowedRoute('company', { info, auth: { kind: 'signed_out' } })).toBe('sign-in');
    expect(allowedRoute('connect', { info, auth: { kind: 'signed_out' } })).toBe('connect');
    const code = { kind: 'code_required', email: 'a@b.c', expiresAt: '2026-11-27T20:00:00Z' } as const;
    expect(allowedRoute('account', { info, auth: code })).toBe('sign-in-code');
    expect(allowedRoute('sign-in-backup-code', { info, auth: code })).toBe('sign-in-backup-code');
  });

  it('keeps signed-in people off the sign-in screens', () => {
    for (const target of ['sign-in', 'sign-in-code', 'sign-in-backup-code', 'enrollment', 'connect'] as const) {
      expect(allowedRoute(target, { info, auth: signedIn() })).toBe('account');
    }
  });
});

describe('router guard', () => {
  async function routerWith(auth: Parameters<typeof allowedRoute>[1]['auth']) {
    createAppTestingPinia({ app: { info }, auth: { state: auth } }, { stubActions: true });
    const router = createAppRouter(createMemoryHistory());
    return router;
  }

  it('redirects every screen to the enrollment wizard while enrollment is required', async () => {
    const router = await routerWith({ kind: 'enrollment_required', email: 'a@b.c', via: 'session' });
    for (const path of ['/account', '/company', '/sign-in', '/connect']) {
      await router.push(path);
      expect(router.currentRoute.value.name).toBe('enrollment');
    }
  });

  it("opens an administrator's deep link to company settings", async () => {
    const router = await routerWith(signedIn({ role: 'admin' }));
    await router.push('/company');
    expect(router.currentRoute.value.name).toBe('company');
  });

  it('sends a non-administrator who opens company settings to account settings', async () => {
    const router = await routerWith(signedIn({ role: 'user' }));
    await router.push('/company');
    expect(router.currentRoute.value.name).toBe('account');
  });
});
