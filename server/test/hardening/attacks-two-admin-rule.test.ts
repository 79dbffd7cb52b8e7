// The two-administrator rule (docs/two-factor.md) against the other ways one administrator can take
// over another administrator's second factor.
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

function issueTemporaryCode(admin: Admin, target: { id: string }) {
  const code = totpAt(admin.secret, t.clock.now());
  t.clock.advance(30_000);
  return api<{ temporaryCode?: string; error?: string; message?: string }>(t, 'POST', `/company/users/${target.id}/two-factor/temporary-code`, {
    token: admin.session.accessToken,
    body: { code },
  });
}

async function temporaryCodesOf(userId: string) {
  return t.server.db.selectFrom('temporary_codes').select('id').where('user_id', '=', userId).execute();
}

describe('attack: one administrator replaces another administrator\'s authenticator with a temporary access code', () => {
  it('is refused while a second administrator with 2FA could approve a reset: the rogue admin gets no code to sign in with', async () => {
    const company = await seedCompany(t);
    const rogue = await seedEnrolledUser(t, company.id, 'admin');
    const victim = await seedEnrolledUser(t, company.id, 'admin');
    await seedEnrolledUser(t, company.id, 'admin'); // the second administrator a reset would need

    const issued = await issueTemporaryCode(rogue, victim);
    expect(issued.status).toBe(403);
    expect(issued.body.error).toBe('second_administrator_required');
    expect(issued.body.message).toContain('second administrator');
    expect(issued.body.temporaryCode).toBeUndefined();
    expect(await temporaryCodesOf(victim.id)).toEqual([]);

    // With the victim's password alone the rogue administrator still meets the victim's own code.
    const login = await api<{ status: string; challenge: string }>(t, 'POST', '/auth/login', { body: { email: victim.email, password: victim.password } });
    expect(login.body.status).toBe('code_required');
    const recover = await api(t, 'POST', '/auth/recover', { body: { challenge: login.body.challenge, temporaryCode: 'AAAA-AAAA-AAAA' } });
    expect(recover.body.error).toBe('invalid_temporary_code');
  });

  it('is allowed for an administrator when no other administrator has 2FA (as a reset would be immediate), and for a user', async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    const otherAdmin = await seedEnrolledUser(t, company.id, 'admin');
    const user = await seedEnrolledUser(t, company.id);
    expect((await issueTemporaryCode(admin, otherAdmin)).status).toBe(200);
    expect((await issueTemporaryCode(admin, user)).status).toBe(200);
    const audit = await t.server.db
      .selectFrom('audit_events')
      .select('details')
      .where('subject_id', '=', otherAdmin.id)
      .where('type', '=', 'two_factor.temporary_code_issued')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.details)).toContain('none_with_two_factor');
  });
});

describe('attack: replaying an administrator\'s step-up code on the new routes', () => {
  it('a code that approved one reset request approves, denies, unlocks, signs out or issues nothing else (401 code_already_used)', async () => {
    const company = await seedCompany(t);
    const [ann, bob, cy, dee] = [
      await seedEnrolledUser(t, company.id, 'admin'),
      await seedEnrolledUser(t, company.id, 'admin'),
      await seedEnrolledUser(t, company.id, 'admin'),
      await seedEnrolledUser(t, company.id, 'admin'),
    ];
    const user = await seedEnrolledUser(t, company.id);
    const ask = async (target: Admin) => {
      const code = totpAt(ann.secret, t.clock.now());
      t.clock.advance(30_000);
      const res = await api<{ request: { id: string } }>(t, 'POST', `/company/users/${target.id}/two-factor/reset`, { token: ann.session.accessToken, body: { code } });
      expect(res.status).toBe(202);
      return res.body.request.id;
    };
    const first = await ask(bob);
    const second = await ask(cy);
    const code = totpAt(dee.secret, t.clock.now());
    const as = (path: string) => api<{ error?: string }>(t, 'POST', path, { token: dee.session.accessToken, body: { code } });
    expect((await as(`/company/reset-requests/${first}/approve`)).status).toBe(200);
    for (const path of [
      `/company/reset-requests/${second}/approve`,
      `/company/reset-requests/${second}/deny`,
      `/company/users/${user.id}/unlock`,
      `/company/users/${user.id}/sessions/revoke`,
      `/company/users/${user.id}/two-factor/temporary-code`,
    ]) {
      const replayed = await as(path);
      expect(replayed.status, path).toBe(401);
      expect(replayed.body.error, path).toBe('code_already_used');
    }
    const pending = await t.server.db.selectFrom('reset_requests').select('status').where('id', '=', second).executeTakeFirstOrThrow();
    expect(pending.status).toBe('pending');
  });
});
