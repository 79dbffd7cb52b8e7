// Tenant isolation of the administrator actions added with the two-administrator rule, temporary
// access codes, unlock and sign-out everywhere: an administrator of one company reaches nothing of another.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, seedCompany, seedEnrolledUser } from '@rms/test-kit/seed';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { totpAt } from '@rms/test-kit/totp';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

type Admin = Awaited<ReturnType<typeof seedEnrolledUser>>;

function call(admin: Admin, method: string, path: string) {
  const code = totpAt(admin.secret, t.clock.now());
  t.clock.advance(30_000);
  return api<{ error?: string; items?: unknown[]; request?: { id: string } }>(t, method, path, {
    token: admin.session.accessToken,
    ...(method === 'POST' ? { body: { code } } : {}),
  });
}

describe('attack: an administrator of company A acts on company B', () => {
  it('gets 404 on every user, request and list of B, with a valid code of their own, and B is unchanged', async () => {
    const a = await seedCompany(t);
    const b = await seedCompany(t);
    const attacker = await seedEnrolledUser(t, a.id, 'admin');
    const bAdmins = [await seedEnrolledUser(t, b.id, 'admin'), await seedEnrolledUser(t, b.id, 'admin'), await seedEnrolledUser(t, b.id, 'admin')];
    const bUser = await seedEnrolledUser(t, b.id);
    const [ann, bob] = bAdmins as [Admin, Admin, Admin];
    const requested = await call(ann, 'POST', `/company/users/${bob.id}/two-factor/reset`);
    expect(requested.status).toBe(202);
    const requestId = requested.body.request!.id;
    const locked = await t.server.db.updateTable('users').set({ sign_in_locked_at: t.clock.now() }).where('id', '=', bUser.id).executeTakeFirst();
    expect(Number(locked.numUpdatedRows)).toBe(1);

    for (const path of [
      `/company/users/${bUser.id}/unlock`,
      `/company/users/${bUser.id}/sessions/revoke`,
      `/company/users/${bUser.id}/two-factor/temporary-code`,
      `/company/users/${bUser.id}/two-factor/reset`,
      `/company/users/${bob.id}/two-factor/reset`,
    ]) {
      const refused = await call(attacker, 'POST', path);
      expect(refused.status, path).toBe(404);
      expect(refused.body.error, path).toBe('user_not_found');
    }
    for (const decision of ['approve', 'deny']) {
      const refused = await call(attacker, 'POST', `/company/reset-requests/${requestId}/${decision}`);
      expect(refused.status, decision).toBe(404);
      expect(refused.body.error).toBe('reset_request_not_found');
    }
    expect((await call(attacker, 'GET', '/company/reset-requests')).body.items).toEqual([]);

    const target = await t.server.db.selectFrom('users').selectAll().where('id', '=', bUser.id).executeTakeFirstOrThrow();
    expect(target.sign_in_locked_at).not.toBeNull();
    expect(target.two_factor_enabled_at).not.toBeNull();
    expect(await t.server.db.selectFrom('temporary_codes').select('id').where('user_id', '=', bUser.id).execute()).toEqual([]);
    expect((await api(t, 'GET', '/me', { token: bUser.session.accessToken })).status).toBe(401); // the lock above, not the attacker
    const request = await t.server.db.selectFrom('reset_requests').select('status').where('id', '=', requestId).executeTakeFirstOrThrow();
    expect(request.status).toBe('pending');
    expect((await call(bAdmins[2] as Admin, 'GET', '/company/reset-requests')).body.items).toHaveLength(1);
  });
});
