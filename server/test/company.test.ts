import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompanyUser } from '@rms/shared';
import { api, passwordSession, seedCompany, seedEnrolledUser, seedUser } from '@rms/test-kit/seed';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { timeStep, totpForStep } from '@rms/test-kit/totp';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

describe('company policy', () => {
  it('can be changed only by an administrator who has 2FA on', async () => {
    const company = await seedCompany(t);
    const plainAdmin = await seedUser(t, company.id, 'admin');
    const adminSession = await passwordSession(t, plainAdmin);
    const refused = await api(t, 'PUT', '/company/two-factor-policy', {
      token: adminSession.accessToken,
      body: { twoFactorAtLogin: 'required', notifyUnenrolled: false },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('admin_two_factor_required');
    const user = await seedEnrolledUser(t, company.id, 'user');
    const notAdmin = await api(t, 'PUT', '/company/two-factor-policy', {
      token: user.session.accessToken,
      body: { twoFactorAtLogin: 'required' },
    });
    expect(notAdmin.status).toBe(403);
    expect(notAdmin.body.error).toBe('forbidden');

    const admin = await seedEnrolledUser(t, company.id, 'admin');
    const ok = await api<{ twoFactorAtLogin: string; campaign: unknown }>(t, 'PUT', '/company/two-factor-policy', {
      token: admin.session.accessToken,
      body: { twoFactorAtLogin: 'required', notifyUnenrolled: false },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ twoFactorAtLogin: 'required', verifyEmailBeforeEnrollment: false, campaign: null, deadline: null });
    const info = await api<{ twoFactorAtLogin: string; counts: { users: number; enrolled: number } }>(t, 'GET', '/company', {
      token: admin.session.accessToken,
    });
    expect(info.body.twoFactorAtLogin).toBe('required');
    expect(info.body.counts).toEqual({ users: 3, enrolled: 2, inScope: 3, enrolledInScope: 2 });
    // The admin cannot turn their own 2FA off while it is required.
    const off = await api(t, 'DELETE', '/me/two-factor', {
      token: admin.session.accessToken,
      body: { code: totpForStep(admin.secret, timeStep(t.clock.now())) },
    });
    expect(off.body.error).toBe('policy_requires_two_factor');
    const audit = await api<{ items: { type: string; actor: { email: string } | null }[] }>(t, 'GET', '/company/audit', {
      token: admin.session.accessToken,
    });
    expect(audit.body.items.find((e) => e.type === 'company.policy_changed')).toMatchObject({ actor: { email: admin.email } });
  });

  it('starts a campaign when required + notifyUnenrolled, in the same change', async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    await seedUser(t, company.id);
    const res = await api<{ campaign: { id: string; total: number; createdAt: string } | null }>(t, 'PUT', '/company/two-factor-policy', {
      token: admin.session.accessToken,
      body: { twoFactorAtLogin: 'required', notifyUnenrolled: true },
    });
    expect(res.status).toBe(200);
    expect(res.body.campaign).toMatchObject({ total: 1, sent: 0, failed: 0, done: false });
    const id = res.body.campaign?.id ?? '';
    await t.server.mailWorker.drain();
    // The running worker may hold the message in flight while drain() returns: poll the progress.
    let progress = await api(t, 'GET', `/company/campaigns/${id}`, { token: admin.session.accessToken });
    for (let i = 0; i < 200 && progress.body.done !== true; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      progress = await api(t, 'GET', `/company/campaigns/${id}`, { token: admin.session.accessToken });
    }
    expect(progress.status).toBe(200);
    expect(progress.body).toMatchObject({ id, total: 1, sent: 1, failed: 0, done: true });
    const audit = await t.server.db.selectFrom('audit_events').select('type').where('company_id', '=', company.id).execute();
    expect(audit.map((a) => a.type).sort()).toEqual(['company.campaign_started', 'company.policy_changed', 'company.rollout_planned', 'two_factor.enabled']);
  });
});

describe('users list', () => {
  it('pages by cursor in a stable order, filters by 2FA status and counts', async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    const plain = [];
    for (let i = 0; i < 5; i += 1) plain.push(await seedUser(t, company.id));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : '?limit=2';
      const page: { status: number; body: { items: { email: string }[]; nextCursor: string | null; counts: unknown } } = await api(
        t,
        'GET',
        `/company/users${query}`,
        { token: admin.session.accessToken },
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      expect(page.body.counts).toEqual({ users: 6, enrolled: 1, inScope: 6, enrolledInScope: 1 });
      seen.push(...page.body.items.map((u) => u.email));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([admin.email, ...plain.map((p) => p.email)].sort());
    const enabled = await api<{ items: { email: string; twoFactor: { enabled: boolean } }[] }>(t, 'GET', '/company/users?twoFactor=enabled', {
      token: admin.session.accessToken,
    });
    expect(enabled.body.items.map((u) => u.email)).toEqual([admin.email]);
    const disabled = await api<{ items: unknown[] }>(t, 'GET', '/company/users?twoFactor=disabled', { token: admin.session.accessToken });
    expect(disabled.body.items).toHaveLength(5);
    const bad = await api(t, 'GET', '/company/users?cursor=garbage', { token: admin.session.accessToken });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('validation_failed');
    const badFilter = await api(t, 'GET', '/company/users?twoFactor=maybe', { token: admin.session.accessToken });
    expect(badFilter.status).toBe(400);
    // A well-formed cursor carrying a NUL byte must not reach the database (PostgreSQL text refuses it: a 500).
    const nulCursor = Buffer.from(JSON.stringify(['a\u0000b']), 'utf8').toString('base64url');
    const nul = await api(t, 'GET', `/company/users?cursor=${nulCursor}`, { token: admin.session.accessToken });
    expect(nul.status).toBe(400);
    expect(nul.body.error).toBe('validation_failed');
    const nulId = await api(t, 'POST', '/company/users/%00/two-factor/reset', { token: admin.session.accessToken });
    expect(nulId.status).toBe(400);
    expect(nulId.body.error).toBe('validation_failed');
  });
});

describe('admin reset and tenant isolation', () => {
  it('resets a user\'s 2FA (audited, their sessions revoked, a lock freed)', async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    const user = await seedEnrolledUser(t, company.id);
    await t.server.db.updateTable('users').set({ locked_until: t.clock.now() + 3_600_000, failed_code_attempts: 100 }).where('id', '=', user.id).execute();
    const listed = await api<{ items: { id: string; lockedUntil: string | null }[] }>(t, 'GET', '/company/users', { token: admin.session.accessToken });
    expect(listed.body.items.find((u) => u.id === user.id)?.lockedUntil).not.toBeNull();
    const res = await api<{ twoFactor: { enabled: boolean } }>(t, 'POST', `/company/users/${user.id}/two-factor/reset`, {
      token: admin.session.accessToken,
      body: { code: totpForStep(admin.secret, timeStep(t.clock.now())) },
    });
    expect(res.status).toBe(200);
    expect(res.body.twoFactor.enabled).toBe(false);
    // The answer is the user's row as the users table shows it now (no second request needed).
    expect(CompanyUser.parse(res.body)).toEqual({ ...listed.body.items.find((u) => u.id === user.id), twoFactor: { enabled: false, enabledAt: null }, lockedUntil: null, rollout: { state: 'not_required', deadline: null } });
    expect((await api(t, 'GET', '/me', { token: user.session.accessToken })).body.error).toBe('session_revoked');
    const login = await api(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    expect(login.body.status).toBe('authenticated');
    const audit = await api<{ items: { type: string; subject: { id: string } | null; actor: { id: string } | null }[] }>(t, 'GET', '/company/audit?limit=1', {
      token: admin.session.accessToken,
    });
    expect(audit.body.items[0]).toMatchObject({ type: 'two_factor.reset_by_admin', subject: { id: user.id }, actor: { id: admin.id } });
    // The admin's own session is untouched.
    expect((await api(t, 'GET', '/company', { token: admin.session.accessToken })).status).toBe(200);
  });

  it('never lets an administrator see or touch another company', async () => {
    const ours = await seedCompany(t);
    const theirs = await seedCompany(t);
    const admin = await seedEnrolledUser(t, ours.id, 'admin');
    const stranger = await seedEnrolledUser(t, theirs.id);
    const strangerAdmin = await seedEnrolledUser(t, theirs.id, 'admin');
    const reset = await api(t, 'POST', `/company/users/${stranger.id}/two-factor/reset`, {
      token: admin.session.accessToken,
      body: { code: totpForStep(admin.secret, timeStep(t.clock.now())) },
    });
    expect(reset.status).toBe(404);
    expect(reset.body.error).toBe('user_not_found');
    const users = await api<{ items: { id: string }[] }>(t, 'GET', '/company/users', { token: admin.session.accessToken });
    expect(users.body.items.map((u) => u.id)).toEqual([admin.id]);
    const audit = await api<{ items: { subject: { id: string } | null }[] }>(t, 'GET', '/company/audit', { token: admin.session.accessToken });
    expect(audit.body.items.every((e) => e.subject?.id !== stranger.id && e.subject?.id !== strangerAdmin.id)).toBe(true);
    const campaign = await api(t, 'GET', '/company/campaigns/00000000-0000-0000-0000-000000000000', { token: admin.session.accessToken });
    expect(campaign.status).toBe(404);
    expect(campaign.body.error).toBe('campaign_not_found');
    const me = await api<{ twoFactor: { enabled: boolean } }>(t, 'GET', '/me', { token: stranger.session.accessToken });
    expect(me.status).toBe(200);
  });

  it('pages the audit log newest first without gaps or repeats', async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    for (let i = 0; i < 4; i += 1) {
      const u = await seedUser(t, company.id);
      // Two resets per instant (equal times), each with a fresh step of the admin's code (±1 step window).
      const code = totpForStep(admin.secret, timeStep(t.clock.now()) + (i % 2));
      const reset = await api(t, 'POST', `/company/users/${u.id}/two-factor/reset`, { token: admin.session.accessToken, body: { code } });
      expect(reset.status).toBe(200);
      if (i % 2 === 1) t.clock.advance(60_000);
    }
    const ids: string[] = [];
    const times: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : '?limit=2';
      const page: { body: { items: { id: string; at: string }[]; nextCursor: string | null } } = await api(t, 'GET', `/company/audit${query}`, {
        token: admin.session.accessToken,
      });
      ids.push(...page.body.items.map((e) => e.id));
      times.push(...page.body.items.map((e) => Date.parse(e.at)));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });
});
