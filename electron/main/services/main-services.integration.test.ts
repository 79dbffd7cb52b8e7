// Integration test of the main-process services as the hosts run them: createMainServices
// against the real backend (in-process server, SQLite), driven through the IPC dispatcher, with
// the keychain in memory or the real OS keychain. The sign-in machine alone is unit-tested in
// session/sign-in-machine.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthState, BackupCodeResult, PendingSecret } from '@rms/shared';
import { api, enrollWithSession, passwordSession, seedCompany, seedEnrolledUser, seedUser } from '@rms/test-kit/seed';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { totpAt } from '@rms/test-kit/totp';
import { KeytarSecretStore, loadKeytar } from './secrets/keytar-secret-store.js';
import { MemorySecretStore } from './secrets/memory-secret-store.js';
import { secretAccount } from './secrets/secret-store.js';
import { KEYCHAIN_SKIP_REASON, keychainAvailable } from './test-support/secret-service.js';
import type { ServicesHarness } from './test-support/services-harness.js';
import { startServicesHarness, WireSecrets } from './test-support/services-harness.js';

let t: TestServer;
const wire = new WireSecrets();
const harnesses: ServicesHarness[] = [];

async function harness(options: Parameters<typeof startServicesHarness>[1] = {}) {
  const h = await startServicesHarness(t, { wire, ...options });
  harnesses.push(h);
  return h;
}

async function requireTwoFactor(companyId: string) {
  await t.server.db.updateTable('companies').set({ two_factor_at_login: 'required' }).where('id', '=', companyId).execute();
}

function nextStep() {
  t.clock.advance(30_000);
}

/** A new app signed in with the password alone (a user without 2FA, or one the test continues). */
async function signedInWithPassword(user: { email: string; password: string }, options: Parameters<typeof harness>[0] = {}) {
  const h = await harness(options);
  await h.ok('auth:signIn', { email: user.email, password: user.password });
  return h;
}

/** A new app signed in with the password and the authenticator's current code; the clock moves to the next step. */
async function signedInWithCode(user: { email: string; password: string; secret: string }, options: Parameters<typeof harness>[0] = {}) {
  const h = await signedInWithPassword(user, options);
  await h.ok('auth:verifyCode', { code: totpAt(user.secret, t.clock.now()) });
  nextStep();
  return h;
}

/** The rest of the enrollment wizard through the channels: start, confirm with the new secret's code, complete. */
async function finishWizard(h: ServicesHarness) {
  const pending = await h.ok<PendingSecret>('enrollment:start');
  await h.ok('enrollment:confirm', { code: totpAt(pending.secret, t.clock.now()) });
  return h.ok<AuthState>('enrollment:complete');
}

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  // The fence: no token or challenge the backend handed out ever left the main process.
  const outbound = JSON.stringify({ results: harnesses.flatMap((h) => h.results), events: harnesses.flatMap((h) => h.events) });
  expect(wire.values.size).toBeGreaterThan(0);
  for (const secret of wire.values) expect(outbound.includes(secret), 'a token reached the renderer').toBe(false);
  for (const h of harnesses) {
    h.services.stop();
    for (const file of readdirSync(h.dataDir)) {
      const text = readFileSync(path.join(h.dataDir, file), 'utf8');
      for (const secret of wire.values) expect(text.includes(secret), `a token was written to ${file}`).toBe(false);
    }
  }
  await t?.close();
});

describe('main services against the real backend (IPC dispatcher → handlers → sign-in machine → token keeper → API)', () => {
  it('signs in without 2FA, keeps the refresh token in the SecretStore and never on disk', async () => {
    const company = await seedCompany(t);
    const user = await seedUser(t, company.id);
    const keychain = new MemorySecretStore();
    const h = await harness({ secretStore: keychain });
    const state = await h.ok<AuthState>('auth:signIn', { email: user.email, password: user.password });
    expect(state).toMatchObject({ kind: 'signed_in', me: { user: { email: user.email }, enrollmentRequired: false } });
    expect(h.events.at(-1)).toEqual({ event: 'auth:stateChanged', payload: state });
    expect(await keychain.get(secretAccount(t.url, user.email))).toMatch(/.{16,}/);
    expect(JSON.parse(readFileSync(path.join(h.dataDir, 'settings.json'), 'utf8'))).toEqual({ lastAccount: { origin: t.url, email: user.email } });
    expect(await h.ok('account:getMe')).toMatchObject({ user: { email: user.email } });
  });

  it('wrong password: a sentence, and still signed out', async () => {
    const company = await seedCompany(t);
    const user = await seedUser(t, company.id);
    const h = await harness();
    const result = await h.call('auth:signIn', { email: user.email, password: 'wrong-password' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_credentials', status: 401 } });
    expect(!result.ok && result.error.message).toMatch(/email or password is incorrect/);
    expect(await h.ok('auth:getState')).toEqual({ kind: 'signed_out' });
  });

  it('with 2FA: code_required → malformed code refused locally → wrong code → right code signs in', async () => {
    const company = await seedCompany(t);
    const user = await seedEnrolledUser(t, company.id);
    const h = await harness();
    expect(await h.ok('auth:signIn', { email: user.email, password: user.password })).toMatchObject({ kind: 'code_required', email: user.email });

    const before = h.requestCount();
    const malformed = await h.call('auth:verifyCode', { code: '12a456' });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!malformed.ok && malformed.error.message).toMatch(/6 digits/);
    expect(h.requestCount()).toBe(before);

    const good = totpAt(user.secret, t.clock.now());
    const wrong = String((Number(good) + 500_000) % 1_000_000).padStart(6, '0');
    expect(await h.call('auth:verifyCode', { code: wrong })).toMatchObject({ ok: false, error: { code: expect.stringMatching(/invalid_code|clock_skew/) } });
    expect(await h.ok('auth:getState')).toMatchObject({ kind: 'code_required' });

    const pasted = ` ${good.slice(0, 3)} ${good.slice(3)}\n`;
    expect(await h.ok('auth:verifyCode', { code: pasted })).toMatchObject({ kind: 'signed_in', me: { user: { twoFactor: { enabled: true } } } });
    nextStep();
  });

  it('recover with the backup code (any case, no dashes) resets 2FA and signs in', async () => {
    const company = await seedCompany(t);
    const user = await seedEnrolledUser(t, company.id);
    const h = await signedInWithPassword(user);
    expect(await h.call('auth:recover', { backupCode: 'not-a-code' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const typed = user.backupCode.replace(/-/g, '').toLowerCase();
    const state = await h.ok<AuthState>('auth:recover', { backupCode: typed });
    expect(state).toMatchObject({ kind: 'signed_in', me: { user: { twoFactor: { enabled: false } } } });
  });

  it('recover when the company requires 2FA continues into enrollment through the challenge', async () => {
    const company = await seedCompany(t);
    const user = await seedEnrolledUser(t, company.id);
    await requireTwoFactor(company.id);
    const h = await signedInWithPassword(user);
    const state = await h.ok<AuthState>('auth:recover', { backupCode: user.backupCode });
    expect(state).toMatchObject({ kind: 'enrollment_required', via: 'sign_in', afterRecovery: true, email: user.email });
    const pending = await h.ok<PendingSecret>('enrollment:start');
    const { backupCode } = await h.ok<BackupCodeResult>('enrollment:confirm', { code: totpAt(pending.secret, t.clock.now()) });
    expect(backupCode).not.toBe(user.backupCode);
    expect(await h.ok('enrollment:complete')).toMatchObject({ kind: 'signed_in', me: { user: { twoFactor: { enabled: true } } } });
    nextStep();
  });

  it('enrollment-required sign-in goes through the wizard on the challenge', async () => {
    const company = await seedCompany(t);
    const user = await seedUser(t, company.id);
    await requireTwoFactor(company.id);
    const h = await harness();
    const state = await h.ok<AuthState>('auth:signIn', { email: user.email, password: user.password });
    expect(state).toMatchObject({ kind: 'enrollment_required', via: 'sign_in', email: user.email });
    const pending = await h.ok<PendingSecret>('enrollment:start');
    expect(pending.otpauthUri).toContain(encodeURIComponent(user.email).replace('%40', '%40'));
    expect(await h.call('enrollment:confirm', { code: 'abc' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await h.ok('enrollment:confirm', { code: totpAt(pending.secret, t.clock.now()) });
    expect(await h.ok('enrollment:complete')).toMatchObject({ kind: 'signed_in' });
    nextStep();
  });

  it('cancel abandons a sign-in in progress', async () => {
    const company = await seedCompany(t);
    const user = await seedEnrolledUser(t, company.id);
    const h = await signedInWithPassword(user);
    expect(await h.ok('auth:cancel')).toEqual({ kind: 'signed_out', email: user.email });
    expect(await h.call('auth:verifyCode', { code: '123456' })).toMatchObject({ ok: false, error: { code: 'invalid_challenge' } });
  });

  it('a held session (policy turned to required) is moved to enrollment via the session, then released', async () => {
    const company = await seedCompany(t);
    const user = await seedUser(t, company.id);
    const h = await signedInWithPassword(user);
    await requireTwoFactor(company.id);
    expect(await h.call('company:get')).toMatchObject({ ok: false, error: { code: expect.stringMatching(/enrollment_required|forbidden/) } });
    expect(await h.ok('auth:getState')).toMatchObject({ kind: 'enrollment_required', via: 'session' });
    expect(await finishWizard(h)).toMatchObject({ kind: 'signed_in', me: { enrollmentRequired: false, user: { twoFactor: { enabled: true } } } });
    nextStep();
  });

  it('refreshes before the access token expires, rotating the refresh token in the SecretStore', async () => {
    const company = await seedCompany(t);
    const user = await seedUser(t, company.id);
    const keychain = new MemorySecretStore();
    const h = await signedInWithPassword(user, { secretStore: keychain });
    const account = secretAccount(t.url, user.email);
    const first = await keychain.get(account);
    t.clock.advance(15 * 60_000); // the access token has expired
    await Promise.all([h.ok('account:getMe'), h.ok('account:getMe'), h.ok('account:getMe')]); // single-flight refresh
    const second = await keychain.get(account);
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    // The old refresh token is spent: presenting it again is refused.
    const reuse = await api(t, 'POST', '/auth/refresh', { body: { refreshToken: first } });
    expect(reuse.status).toBe(401);
  });

  it('restores the session after a restart from the keychain, and signs out cleanly', async () => {
    const company = await seedCompany(t);
    const user = await seedUser(t, company.id);
    const keychain = new MemorySecretStore();
    const first = await signedInWithPassword(user, { secretStore: keychain });

    const second = await harness({ secretStore: keychain, dataDir: first.dataDir });
    expect(await second.ok('auth:getState')).toMatchObject({ kind: 'signed_in', me: { user: { email: user.email } } });
    expect(second.events[0]).toMatchObject({ event: 'auth:stateChanged', payload: { kind: 'signed_in' } });

    expect(await second.ok('auth:signOut')).toEqual({ kind: 'signed_out', email: user.email });
    expect(await keychain.get(secretAccount(t.url, user.email))).toBeNull();
    expect(await second.call('account:getMe')).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });

    const third = await harness({ secretStore: keychain, dataDir: first.dataDir });
    expect(await third.ok('auth:getState')).toEqual({ kind: 'signed_out' });
  });

  it('a revoked session ends on restore: keychain entry deleted, signed out with the email kept', async () => {
    const company = await seedCompany(t);
    const user = await seedUser(t, company.id);
    const keychain = new MemorySecretStore();
    const first = await signedInWithPassword(user, { secretStore: keychain });
    const stored = await keychain.get(secretAccount(t.url, user.email));
    await api(t, 'POST', '/auth/refresh', { body: { refreshToken: stored } }); // someone else used it: rotation spends it
    const second = await harness({ secretStore: keychain, dataDir: first.dataDir });
    expect(await second.ok('auth:getState')).toEqual({ kind: 'signed_out', email: user.email });
    expect(await keychain.get(secretAccount(t.url, user.email))).toBeNull();
  });

  it('when the backend is down at start, the stored session is kept and the user is told why', async () => {
    const company = await seedCompany(t);
    const user = await seedUser(t, company.id);
    const keychain = new MemorySecretStore();
    const first = await signedInWithPassword(user, { secretStore: keychain });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(first.dataDir, 'settings.json'), JSON.stringify({ lastAccount: { origin: 'http://127.0.0.1:9', email: user.email } }));
    await keychain.set(secretAccount('http://127.0.0.1:9', user.email), (await keychain.get(secretAccount(t.url, user.email)))!);
    const second = await harness({ secretStore: keychain, dataDir: first.dataDir, backendUrl: 'http://127.0.0.1:9' });
    expect(await second.ok('auth:getState')).toEqual({ kind: 'signed_out', email: user.email });
    expect(second.events).toContainEqual({ event: 'app:notice', payload: expect.objectContaining({ code: 'backend_unreachable', message: expect.stringMatching(/could not be resumed\. The RMS server cannot be reached/) }) });
    expect(await keychain.get(secretAccount('http://127.0.0.1:9', user.email))).toBeTruthy();
  });

  it('with a keychain that fails, signs in anyway, keeps the session in memory and says so once', async () => {
    const company = await seedCompany(t);
    const user = await seedUser(t, company.id);
    const broken = {
      get: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
      set: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
      delete: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
    };
    const h = await harness({ secretStore: broken });
    expect(await h.ok('app:getInfo')).toMatchObject({ storage: { persistent: false, reason: expect.stringMatching(/kept in memory only/) } });
    expect(await h.ok('auth:signIn', { email: user.email, password: user.password })).toMatchObject({ kind: 'signed_in' });
    expect(await h.ok('account:getMe')).toMatchObject({ user: { email: user.email } });
    const notices = h.events.filter((e) => e.event === 'app:notice');
    expect(notices).toEqual([{ event: 'app:notice', payload: { level: 'warning', code: 'keychain_unavailable', message: expect.stringMatching(/sign in again next time/) } }]);
    expect(await h.ok('auth:signOut')).toEqual({ kind: 'signed_out', email: user.email });
  });

  it('account and company channels work for an administrator with 2FA', async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    const member = await seedUser(t, company.id);
    const h = await signedInWithCode(admin);
    expect(await h.ok('company:get')).toMatchObject({ id: company.id, counts: { users: 2, enrolled: 1 } });
    expect(await h.ok('company:listUsers', { twoFactor: 'disabled' })).toMatchObject({ items: [{ email: member.email }] });
    const policy = await h.ok<{ campaign: { id: string } | null }>('company:setPolicy', { twoFactorAtLogin: 'required', notifyUnenrolled: true });
    expect(policy).toMatchObject({ twoFactorAtLogin: 'required', campaign: { id: expect.any(String) } });
    expect(await h.call('company:getCampaign', { id: 'no-such-campaign' })).toMatchObject({
      ok: false,
      error: { code: 'campaign_not_found', status: 404, message: 'That notification campaign was not found.' },
    });
    expect(await h.ok('auth:getState')).toMatchObject({ kind: 'signed_in', me: { company: { twoFactorAtLogin: 'required' } } });
    const { backupCode } = await h.ok<BackupCodeResult>('account:regenerateBackupCode', { code: totpAt(admin.secret, t.clock.now()) });
    expect(backupCode).not.toBe(admin.backupCode);
    nextStep();
    expect(await h.call('account:disableTwoFactor', { code: totpAt(admin.secret, t.clock.now()) })).toMatchObject({
      ok: false,
      error: { code: 'policy_requires_two_factor' },
    });
    nextStep();
    const memberSession = await passwordSession(t, member).catch(() => null);
    expect(memberSession).toBeNull(); // required now: the member has no password-only sign-in
    const audit = await h.ok<{ items: { type: string }[] }>('company:listAudit', {});
    expect(audit.items.map((e) => e.type)).toContain('company.policy_changed');
  });

  it('a rollout plan: the preview through company:previewPolicy, then a member in the grace period signs in with enrollmentDeadline', async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    const member = await seedUser(t, company.id);
    const h = await signedInWithCode(admin);
    const preview = await h.ok<{ affected: number; users: { email: string }[]; reminders: string[]; deadline: string }>('company:previewPolicy', {
      appliesTo: 'everyone',
      graceDays: 14,
      newUserGraceDays: 0,
    });
    expect(preview).toMatchObject({ affected: 1, users: [{ email: member.email }] });
    expect(preview.reminders).toHaveLength(2);
    const saved = await h.ok<{ deadline: string }>('company:setPolicy', { twoFactorAtLogin: 'required', notifyUnenrolled: false, appliesTo: 'everyone', graceDays: 14, newUserGraceDays: 0 });
    expect(saved.deadline).toBe(preview.deadline);
    expect(await h.ok('company:listUsers', { state: 'due' })).toMatchObject({ items: [{ email: member.email, rollout: { state: 'due', deadline: saved.deadline } }] });
    await h.ok('auth:signOut');
    await h.ok('auth:signIn', { email: member.email, password: member.password });
    expect(await h.ok('auth:getState')).toMatchObject({ kind: 'signed_in', me: { enrollmentRequired: false, enrollmentDeadline: saved.deadline } });
  });

  it('an administrator resets a user\'s 2FA and gets the updated row', async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    const member = await seedEnrolledUser(t, company.id);
    const h = await signedInWithCode(admin);
    // The admin's own current code (step-up), typed with a space as people do.
    const code = totpAt(admin.secret, t.clock.now());
    expect(await h.ok('company:resetUserTwoFactor', { userId: member.id, code: `${code.slice(0, 3)} ${code.slice(3)}` })).toMatchObject({
      id: member.id,
      twoFactor: { enabled: false },
    });
    expect(await h.call('company:resetUserTwoFactor', { userId: member.id, code: '12345' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('temporary access code: issued through the company channel, used at sign-in, then the new phone replaces the old', async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    const member = await seedEnrolledUser(t, company.id);
    const adminApp = await signedInWithCode(admin);
    const issued = await adminApp.ok<{ temporaryCode: string }>('company:issueTemporaryCode', { userId: member.id, code: totpAt(admin.secret, t.clock.now()) });
    nextStep();
    const memberApp = await signedInWithPassword(member);
    expect(await memberApp.call('auth:recoverWithTemporaryCode', { temporaryCode: 'short' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const state = await memberApp.ok<AuthState>('auth:recoverWithTemporaryCode', { temporaryCode: issued.temporaryCode.toLowerCase() });
    expect(state).toMatchObject({ kind: 'enrollment_required', via: 'sign_in', afterTemporaryCode: true });
    expect(await finishWizard(memberApp)).toMatchObject({ kind: 'signed_in', me: { user: { twoFactor: { enabled: true } } } });
    nextStep();
  });

  it('resetting an administrator answers the request; a second administrator approves it through the pending list', async () => {
    const company = await seedCompany(t);
    const ann = await seedEnrolledUser(t, company.id, 'admin');
    const bob = await seedEnrolledUser(t, company.id, 'admin');
    const cy = await seedEnrolledUser(t, company.id, 'admin');
    const annApp = await signedInWithCode(ann);
    const requested = await annApp.ok<{ request: { id: string } }>('company:resetUserTwoFactor', { userId: bob.id, code: totpAt(ann.secret, t.clock.now()) });
    expect(requested).toMatchObject({ request: { id: expect.any(String), expiresAt: expect.any(String) } });
    const cyApp = await signedInWithCode(cy);
    expect(await cyApp.ok('company:listResetRequests')).toMatchObject({ items: [{ id: requested.request.id, target: { email: bob.email } }] });
    expect(await cyApp.ok('company:approveResetRequest', { requestId: requested.request.id, code: totpAt(cy.secret, t.clock.now()) })).toMatchObject({
      id: bob.id,
      twoFactor: { enabled: false },
    });
    nextStep();
    expect(await cyApp.call('company:denyResetRequest', { requestId: requested.request.id, code: totpAt(cy.secret, t.clock.now()) })).toMatchObject({
      ok: false,
      error: { code: 'reset_request_not_pending' },
    });
    nextStep();
  });

  it('"Forgot password?" is answered the same for any address, before sign-in; the link never reaches the app', async () => {
    const company = await seedCompany(t);
    const user = await seedUser(t, company.id);
    const h = await harness();
    const known = await h.ok('auth:requestPasswordReset', { email: ` ${user.email} ` });
    const unknown = await h.ok('auth:requestPasswordReset', { email: 'nobody@example.test' });
    expect(known).toEqual({ status: 'accepted', message: 'If the address has an account, we sent a link to set a new password. It works once, for 30 minutes.' });
    expect(unknown).toEqual(known);
    expect(await h.call('auth:requestPasswordReset', { email: '' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await h.ok('auth:getState')).toEqual({ kind: 'signed_out' });
  });

  it('an administrator signs a user out everywhere and unlocks a locked user, each with their own code', async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    const member = await seedEnrolledUser(t, company.id);
    const h = await signedInWithCode(admin);
    expect(await h.ok('company:signOutUserEverywhere', { userId: member.id, code: totpAt(admin.secret, t.clock.now()) })).toEqual({ signedOut: 1 });
    expect((await api(t, 'GET', '/me', { token: member.session.accessToken })).body).toMatchObject({ error: 'session_revoked' });
    nextStep();
    await t.server.db.updateTable('users').set({ sign_in_locked_at: t.clock.now() }).where('id', '=', member.id).execute();
    expect(await h.call('company:unlockUser', { userId: member.id, code: '12345' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await h.ok('company:unlockUser', { userId: member.id, code: totpAt(admin.secret, t.clock.now()) })).toMatchObject({ id: member.id, locked: false });
  });

  it('account:getMe keeps AuthState in step with the server, publishing only real changes', async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    const member = await seedEnrolledUser(t, company.id);
    const h = await signedInWithCode(member);
    const before = h.events.length;
    await h.ok('account:getMe');
    expect(h.events.length).toBe(before); // nothing changed, nothing published
    const policy = await api(t, 'PUT', '/company/two-factor-policy', { token: admin.session.accessToken, body: { twoFactorAtLogin: 'required', notifyUnenrolled: false } });
    expect(policy.status).toBe(200);
    expect(await h.ok('account:getMe')).toMatchObject({ company: { twoFactorAtLogin: 'required' } });
    expect(h.events.slice(before)).toEqual([
      { event: 'auth:stateChanged', payload: expect.objectContaining({ kind: 'signed_in', me: expect.objectContaining({ company: expect.objectContaining({ twoFactorAtLogin: 'required' }) }) }) },
    ]);
  });

  it('a session the server revoked (admin reset) ends: keychain entry deleted, notice, signed out', async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    const member = await seedEnrolledUser(t, company.id);
    const keychain = new MemorySecretStore();
    const h = await signedInWithCode(member, { secretStore: keychain });
    const reset = await api(t, 'POST', `/company/users/${member.id}/two-factor/reset`, {
      token: admin.session.accessToken,
      body: { code: totpAt(admin.secret, t.clock.now()) },
    });
    expect(reset.status).toBe(200);
    const result = await h.call('account:getMe');
    expect(result).toMatchObject({ ok: false, error: { message: 'Your session has ended. Sign in again.' } });
    expect(await h.ok('auth:getState')).toEqual({ kind: 'signed_out', email: member.email });
    expect(h.events).toContainEqual({
      event: 'app:notice',
      payload: {
        level: 'warning',
        code: 'session_ended',
        message: 'This device was signed out: from Signed-in devices on another device, by an administrator, or because the password changed. Sign in again.',
      },
    });
    expect(await keychain.get(secretAccount(t.url, member.email))).toBeNull();
  });

  it('setBackendUrl checks /health before saving, and refuses insecure or dead addresses', async () => {
    const h = await harness({ backendUrl: null });
    expect(await h.ok('app:getInfo')).toMatchObject({ backendUrl: null, backendLocked: false, host: 'browser-host' });
    expect(await h.call('auth:signIn', { email: 'a@b.example', password: 'x' })).toMatchObject({ ok: false, error: { code: 'backend_not_configured' } });
    expect(await h.call('app:setBackendUrl', { url: 'http://rms.example.com' })).toMatchObject({ ok: false, error: { code: 'backend_url_insecure' } });
    expect(await h.call('app:setBackendUrl', { url: 'http://127.0.0.1:9' })).toMatchObject({ ok: false, error: { code: 'backend_unreachable' } });
    expect(await h.ok('app:getInfo')).toMatchObject({ backendUrl: null });
    expect(await h.ok('app:setBackendUrl', { url: `${t.url}/api/v1/whatever` })).toMatchObject({ backendUrl: t.url });
    expect(JSON.parse(readFileSync(path.join(h.dataDir, 'settings.json'), 'utf8'))).toEqual({ backendUrl: t.url });
  });

  it('reuses one enrollment helper from the server seed (sanity: the seed still works with sessions)', async () => {
    const company = await seedCompany(t);
    const user = await seedUser(t, company.id);
    const session = await passwordSession(t, user);
    const enrolled = await enrollWithSession(t, session.accessToken);
    expect(enrolled.backupCode).toMatch(/^[A-Z2-7]{5}(-[A-Z2-7]{5}){3}$/);
  });
});

const hasKeychain = keychainAvailable();
if (!hasKeychain) console.warn(`Real-keychain main-services tests skipped: ${KEYCHAIN_SKIP_REASON}.`);

describe.skipIf(!hasKeychain)('main services with the real OS keychain', () => {
  it('keeps the refresh token in the keychain ("RMS Console", origin|email), restores after restart, deletes on sign-out', async () => {
    const company = await seedCompany(t);
    const user = await seedUser(t, company.id);
    const keytar = new KeytarSecretStore(await loadKeytar());
    const account = secretAccount(t.url, user.email);
    const first = await harness({ secretStore: 'keytar' });
    expect(await first.ok('app:getInfo')).toMatchObject({ storage: { persistent: true } });
    await first.ok('auth:signIn', { email: user.email, password: user.password });
    expect(await keytar.get(account)).toMatch(/.{16,}/);

    const second = await harness({ secretStore: 'keytar', dataDir: first.dataDir });
    expect(await second.ok('auth:getState')).toMatchObject({ kind: 'signed_in', me: { user: { email: user.email } } });
    await second.ok('auth:signOut');
    expect(await keytar.get(account)).toBeNull();
  });
});
