// The two-administrator rule (docs/two-factor.md): resetting another administrator's 2FA needs a second
// administrator with 2FA (approve or deny, 24 h), unless none exists; every administrator is emailed.
import { API_PREFIX } from '@rms/shared';
import { describe, expect, it } from 'vitest';
import { subjectsTo as subjectsDeliveredTo } from '@rms/test-kit/delivered-mail';
import { api, passwordSession, seedCompany, seedEnrolledUser, seedUser, signInWithCode } from '@rms/test-kit/seed';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import { spawnServer } from '@rms/test-kit/server-process';
import { httpRequest } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { totpAt } from '@rms/test-kit/totp';
import { withServerAndSink } from './support/server-and-sink.js';

let sink: SmtpSink;
let t: TestServer;
withServerAndSink((world) => ({ t, sink } = world));

type Admin = Awaited<ReturnType<typeof seedEnrolledUser>>;

/** The admin's step-up body; the clock moves a step on, so the next code of anyone is new. */
function stepUp(admin: Admin): { code: string } {
  const code = totpAt(admin.secret, t.clock.now());
  return { code };
}

async function twoFactorOn(userId: string): Promise<boolean> {
  const row = await t.server.db.selectFrom('users').select('two_factor_enabled_at').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.two_factor_enabled_at !== null;
}

async function requestReset(requester: Admin, target: { id: string }) {
  const res = await api<{ request: { id: string; expiresAt: string } }>(t, 'POST', `/company/users/${target.id}/two-factor/reset`, {
    token: requester.session.accessToken,
    body: stepUp(requester),
  });
  t.clock.advance(30_000);
  return res;
}

function decide(admin: Admin, requestId: string, decision: 'approve' | 'deny') {
  return api(t, 'POST', `/company/reset-requests/${requestId}/${decision}`, { token: admin.session.accessToken, body: stepUp(admin) });
}

async function threeAdmins() {
  const company = await seedCompany(t);
  const ann = await seedEnrolledUser(t, company.id, 'admin');
  const bob = await seedEnrolledUser(t, company.id, 'admin');
  const cy = await seedEnrolledUser(t, company.id, 'admin');
  return { company, ann, bob, cy };
}

describe('resetting another administrator needs a second administrator', () => {
  it('answers 202 with a 24 h request; neither the requester nor the target may approve; a third admin does', async () => {
    const { ann, bob, cy } = await threeAdmins();
    const requestedAt = t.clock.now();
    const res = await requestReset(ann, bob);
    expect(res.status).toBe(202);
    expect(Date.parse(res.body.request.expiresAt)).toBe(requestedAt + 24 * 60 * 60 * 1000);
    expect(await twoFactorOn(bob.id)).toBe(true);
    const id = res.body.request.id;

    const list = await api<{ items: Array<{ id: string; target: { email: string }; requestedBy: { email: string } }> }>(t, 'GET', '/company/reset-requests', {
      token: cy.session.accessToken,
    });
    expect(list.body.items).toEqual([expect.objectContaining({ id, target: expect.objectContaining({ email: bob.email }), requestedBy: expect.objectContaining({ email: ann.email }) })]);

    const own = await decide(ann, id, 'approve');
    expect(own.status).toBe(403);
    expect(own.body.error).toBe('cannot_approve_own_request');
    const self = await decide(bob, id, 'approve');
    expect(self.status).toBe(403);
    expect(self.body.error).toBe('cannot_target_self');
    expect(await twoFactorOn(bob.id)).toBe(true);

    const approved = await decide(cy, id, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id: bob.id, twoFactor: { enabled: false } });
    expect(await twoFactorOn(bob.id)).toBe(false);
    // Bob's sessions ended with the reset.
    expect((await api(t, 'GET', '/me', { token: bob.session.accessToken })).status).toBe(401);
    t.clock.advance(30_000);
    const again = await decide(cy, id, 'approve');
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('reset_request_not_pending');
    expect((await api<{ items: unknown[] }>(t, 'GET', '/company/reset-requests', { token: cy.session.accessToken })).body.items).toEqual([]);

    const audit = await api<{ items: Array<{ type: string; details: Record<string, unknown> }> }>(t, 'GET', '/company/audit', { token: cy.session.accessToken });
    expect(audit.body.items.map((e) => e.type).slice(0, 2)).toEqual(['two_factor.reset_by_admin', 'two_factor.reset_requested']);
    expect(audit.body.items[0]?.details).toMatchObject({ requestId: id, requestedBy: ann.email, approvedBy: cy.email });

    // Every administrator heard of the request and of the reset; Bob also got his own notice.
    for (const admin of [ann, bob, cy]) {
      const subjects = await subjectsDeliveredTo(t, sink, admin.email);
      expect(subjects).toContain("A reset of an administrator's two-factor authentication waits for approval");
      expect(subjects).toContain("An administrator's two-factor authentication was reset");
    }
    expect(await subjectsDeliveredTo(t, sink, bob.email)).toContain('An administrator reset your two-factor authentication');
  });

  it('a denied request changes nothing and cannot be approved later', async () => {
    const { ann, bob, cy } = await threeAdmins();
    const { body } = await requestReset(ann, bob);
    const denied = await decide(cy, body.request.id, 'deny');
    expect(denied.status).toBe(204);
    t.clock.advance(30_000);
    const late = await decide(cy, body.request.id, 'approve');
    expect(late.status).toBe(409);
    expect(late.body.error).toBe('reset_request_not_pending');
    expect(await twoFactorOn(bob.id)).toBe(true);
    expect(await subjectsDeliveredTo(t, sink, ann.email)).toContain("A reset of an administrator's two-factor authentication was denied");
  });

  it('an expired request cannot be approved and is no longer listed', async () => {
    const { ann, bob, cy } = await threeAdmins();
    const { body } = await requestReset(ann, bob);
    t.clock.advance(24 * 60 * 60 * 1000);
    // A day later Cy signs in again (access tokens last 15 minutes).
    const later = { ...cy, session: await signInWithCode(t, cy) };
    const res = await decide(later, body.request.id, 'approve');
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('reset_request_expired');
    expect(await twoFactorOn(bob.id)).toBe(true);
    expect((await api<{ items: unknown[] }>(t, 'GET', '/company/reset-requests', { token: later.session.accessToken })).body.items).toEqual([]);
  });

  it('an approver needs 2FA of their own and must be of the same company', async () => {
    const { company, ann, bob } = await threeAdmins();
    const { body } = await requestReset(ann, bob);
    const passwordOnly = await seedUser(t, company.id, 'admin');
    const session = await passwordSession(t, passwordOnly);
    const noTwoFactor = await api(t, 'POST', `/company/reset-requests/${body.request.id}/approve`, { token: session.accessToken, body: { code: '123456' } });
    expect(noTwoFactor.status).toBe(403);
    expect(noTwoFactor.body.error).toBe('admin_two_factor_required');
    const stranger = await seedEnrolledUser(t, (await seedCompany(t)).id, 'admin');
    const other = await decide(stranger, body.request.id, 'approve');
    expect(other.status).toBe(404);
    expect(other.body.error).toBe('reset_request_not_found');
    expect(await twoFactorOn(bob.id)).toBe(true);
  });

  it('two administrators approving the same request at once (two server processes): exactly one wins', async () => {
    const { company, ann, bob, cy } = await threeAdmins();
    const dee = await seedEnrolledUser(t, company.id, 'admin');
    // A second server process on the same database: on SQLite a single process runs each request
    // to the end without yielding, so only two processes can interleave two approvals.
    const child = await spawnServer({ ...t.config, smtpUrl: null, nowMs: t.clock.now() });
    const forgetSteps = () =>
      t.server.db.updateTable('users').set({ last_totp_step: null }).where('id', 'in', [ann.id, cy.id, dee.id]).execute();
    try {
      const rounds = 12;
      for (let round = 0; round < rounds; round += 1) {
        // Both clocks stand still here; each round may use the same codes again.
        await forgetSteps();
        const requested = await api<{ request: { id: string } }>(t, 'POST', `/company/users/${bob.id}/two-factor/reset`, {
          token: ann.session.accessToken,
          body: stepUp(ann),
        });
        expect(requested.status).toBe(202);
        const id = requested.body.request.id;
        const answers = await Promise.all([
          decide(cy, id, 'approve'),
          httpRequest(child.url, 'POST', `${API_PREFIX}/company/reset-requests/${id}/approve`, { token: dee.session.accessToken, body: stepUp(dee) }),
        ]);
        expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
        expect((answers.find((a) => a.status === 409)?.body as { error?: string }).error).toBe('reset_request_not_pending');
      }
      const resets = await t.server.db
        .selectFrom('audit_events')
        .select('id')
        .where('company_id', '=', company.id)
        .where('type', '=', 'two_factor.reset_by_admin')
        .execute();
      expect(resets).toHaveLength(rounds);
    } finally {
      await child.stop();
    }
  });
});

describe('when no other administrator has 2FA', () => {
  it('the reset is immediate, the audit says why, and every administrator is emailed', async () => {
    const company = await seedCompany(t);
    const ann = await seedEnrolledUser(t, company.id, 'admin');
    const bob = await seedEnrolledUser(t, company.id, 'admin');
    const passwordOnly = await seedUser(t, company.id, 'admin');
    const res = await requestReset(ann, bob);
    expect(res.status).toBe(200);
    expect(await twoFactorOn(bob.id)).toBe(false);
    const audit = await api<{ items: Array<{ type: string; details: Record<string, unknown> }> }>(t, 'GET', '/company/audit', { token: ann.session.accessToken });
    expect(audit.body.items[0]).toMatchObject({ type: 'two_factor.reset_by_admin', details: { immediate: true, secondAdministrator: 'none_with_two_factor' } });
    for (const admin of [ann, bob, passwordOnly]) {
      expect(await subjectsDeliveredTo(t, sink, admin.email)).toContain("An administrator's two-factor authentication was reset");
    }
  });

  it('a user who is not an administrator is reset at once, without a request', async () => {
    const { company, ann } = await threeAdmins();
    const user = await seedEnrolledUser(t, company.id);
    const res = await requestReset(ann, user);
    expect(res.status).toBe(200);
    expect(await twoFactorOn(user.id)).toBe(false);
    expect((await api<{ items: unknown[] }>(t, 'GET', '/company/reset-requests', { token: ann.session.accessToken })).body.items).toEqual([]);
  });
});
