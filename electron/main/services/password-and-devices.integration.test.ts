// The password and signed-in devices channels as the hosts run them: createMainServices against
// the real backend (in-process server, SQLite), two app runs signed in as one person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthState, SignedInDevice } from '@rms/shared';
import { seedCompany, seedEnrolledUser, seedUser } from '@rms/test-kit/seed';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { totpAt } from '@rms/test-kit/totp';
import { MemorySecretStore } from './secrets/memory-secret-store.js';
import { secretAccount } from './secrets/secret-store.js';
import type { ServicesHarness } from './test-support/services-harness.js';
import { startServicesHarness } from './test-support/services-harness.js';

let t: TestServer;
const harnesses: ServicesHarness[] = [];

async function harness(options: Parameters<typeof startServicesHarness>[1] = {}) {
  const h = await startServicesHarness(t, options);
  harnesses.push(h);
  return h;
}

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  for (const h of harnesses) h.services.stop();
  await t?.close();
});

const STRONG = 'lantern-orbit-tundra-quill-42';

describe('password and signed-in devices through the IPC dispatcher', () => {
  it('describes this app to the server: the devices list names it and marks it', async () => {
    const user = await seedUser(t, (await seedCompany(t)).id);
    const h = await harness();
    await h.ok('auth:signIn', { email: user.email, password: user.password });
    const devices = await h.ok<SignedInDevice[]>('account:listDevices');
    expect(devices).toEqual([
      expect.objectContaining({ client: `RMS Console 0.0.0-test (Linux ${process.arch}, browser host)`, address: '127.0.0.1', current: true }),
    ]);
  });

  it('signing another run out from this one returns that run to the sign-in screen at its next session check', async () => {
    const user = await seedUser(t, (await seedCompany(t)).id);
    const here = await harness();
    const otherKeychain = new MemorySecretStore();
    const other = await harness({ secretStore: otherKeychain, sessionCheckMs: 100 });
    await here.ok('auth:signIn', { email: user.email, password: user.password });
    await other.ok('auth:signIn', { email: user.email, password: user.password });
    const target = (await here.ok<SignedInDevice[]>('account:listDevices')).find((d) => !d.current)!;
    expect(await here.ok('account:signOutDevice', { deviceId: target.id })).toEqual({ signedOut: 1 });

    // Nobody touches the other run: its own session check notices within moments.
    await expect.poll(() => other.events.filter((e) => e.event === 'auth:stateChanged').at(-1)?.payload, { timeout: 10_000 }).toEqual({
      kind: 'signed_out',
      email: user.email,
    });
    expect(other.events).toContainEqual({
      event: 'app:notice',
      payload: expect.objectContaining({ code: 'session_ended', message: expect.stringContaining('This device was signed out') }),
    });
    expect(await otherKeychain.get(secretAccount(t.url, user.email))).toBeNull();
    expect(await here.ok<AuthState>('auth:getState')).toMatchObject({ kind: 'signed_in' });
  });

  it('changes the password with a code: the other run is signed out, this one stays; a typo in the code never leaves the app', async () => {
    const user = await seedEnrolledUser(t, (await seedCompany(t)).id);
    const here = await harness();
    const other = await harness();
    for (const h of [here, other]) {
      await h.ok('auth:signIn', { email: user.email, password: user.password });
      await h.ok('auth:verifyCode', { code: totpAt(user.secret, t.clock.now()) });
      t.clock.advance(30_000);
    }
    const typo = await here.call('account:changePassword', { currentPassword: user.password, newPassword: STRONG, code: '12345' });
    expect(typo).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const weak = await here.call('account:changePassword', { currentPassword: user.password, newPassword: 'password1234', code: totpAt(user.secret, t.clock.now()) });
    expect(weak).toMatchObject({
      ok: false,
      error: { code: 'weak_password', message: 'That password is too easy to guess. This is similar to a commonly used password. Add more words that are less common.' },
    });
    expect(await here.ok('account:changePassword', { currentPassword: user.password, newPassword: STRONG, code: totpAt(user.secret, t.clock.now()) })).toEqual({ signedOut: 2 });
    expect(await other.call('account:getMe')).toMatchObject({ ok: false, error: { code: 'session_revoked' } });
    expect(await other.ok<AuthState>('auth:getState')).toEqual({ kind: 'signed_out', email: user.email });
    expect(await here.ok<AuthState>('auth:getState')).toMatchObject({ kind: 'signed_in' });
    expect(await here.ok<SignedInDevice[]>('account:listDevices')).toHaveLength(1);
  });
});
