import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, seedCompany, seedEnrolledUser, seedUser } from '@rms/test-kit/seed';
import { startTestServer } from '@rms/test-kit/test-server';
import { totpAt } from '@rms/test-kit/totp';
import type { TestServer } from '@rms/test-kit/test-server';
import { settleOutbox, snapshotDatabase } from './support/db-snapshot.js';

let t: TestServer;
type Enrolled = Awaited<ReturnType<typeof seedEnrolledUser>>;
let ours: { id: string; name: string };
let theirs: { id: string; name: string };
let admin: Enrolled;
let member: Enrolled;
let theirAdmin: Enrolled;
let theirUser: Enrolled;
let theirCampaignId: string;

beforeAll(async () => {
  t = await startTestServer();
  ours = await seedCompany(t);
  theirs = await seedCompany(t);
  admin = await seedEnrolledUser(t, ours.id, 'admin');
  member = await seedEnrolledUser(t, ours.id);
  theirAdmin = await seedEnrolledUser(t, theirs.id, 'admin');
  theirUser = await seedEnrolledUser(t, theirs.id);
  await seedUser(t, theirs.id); // someone without 2FA, so their campaign has a recipient
  const policy = await api<{ campaign: { id: string } | null }>(t, 'PUT', '/company/two-factor-policy', {
    token: theirAdmin.session.accessToken,
    body: { twoFactorAtLogin: 'required', notifyUnenrolled: true },
  });
  expect(policy.status).toBe(200);
  theirCampaignId = policy.body.campaign!.id;
});
afterAll(() => t?.close());

describe('attack: a user\'s session calls the administrator endpoints', () => {
  it('gets 403 forbidden on every /company route and changes nothing', async () => {
    const token = member.session.accessToken;
    await settleOutbox(t.server.db, () => t.server.mailWorker.drain()); // the seeding's security emails go out before the snapshot
    // Any request notes the device's last use (at most once a minute; the clock stands still here): note it before the snapshot.
    expect((await api(t, 'GET', '/me', { token })).status).toBe(200);
    const before = await snapshotDatabase(t.server.db);
    const calls: [string, string, unknown?][] = [
      ['GET', '/company'],
      ['PUT', '/company/two-factor-policy', { twoFactorAtLogin: 'required', notifyUnenrolled: true }],
      ['GET', `/company/campaigns/${theirCampaignId}`],
      ['GET', '/company/users'],
      ['GET', '/company/users?twoFactor=enabled&limit=100'],
      ['POST', `/company/users/${admin.id}/two-factor/reset`, { code: totpAt(member.secret, t.clock.now()) }],
      ['POST', `/company/users/${member.id}/two-factor/reset`, { code: totpAt(member.secret, t.clock.now()) }],
      ['GET', '/company/audit'],
    ];
    for (const [method, path, body] of calls) {
      const res = await api(t, method, path, { token, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error, `${method} ${path}`).toBe('forbidden');
    }
    expect((await snapshotDatabase(t.server.db)).full).toEqual(before.full);
  });
});

describe('attack: an administrator reaches into another company', () => {
  const token = () => admin.session.accessToken;

  it('GET /company describes only their own company', async () => {
    const res = await api<{ id: string; name: string; counts: { users: number; enrolled: number } }>(t, 'GET', '/company', { token: token() });
    expect(res.body).toMatchObject({ id: ours.id, name: ours.name, twoFactorAtLogin: 'optional', counts: { users: 2, enrolled: 2 } });
  });

  it('GET /company/users lists only their own people, whatever the filter or page', async () => {
    for (const query of ['', '?twoFactor=enabled', '?twoFactor=disabled', '?limit=100']) {
      const res = await api<{ items: { id: string }[]; counts: { users: number } }>(t, 'GET', `/company/users${query}`, { token: token() });
      expect(res.status).toBe(200);
      expect(res.body.items.every((u) => u.id === admin.id || u.id === member.id), query).toBe(true);
      expect(res.body.counts.users).toBe(2);
    }
  });

  it('POST /company/users/:id/two-factor/reset on their user is 404 and leaves that user alone', async () => {
    await settleOutbox(t.server.db, () => t.server.mailWorker.drain());
    const before = await snapshotDatabase(t.server.db);
    for (const id of [theirUser.id, theirAdmin.id]) {
      const res = await api(t, 'POST', `/company/users/${id}/two-factor/reset`, { token: token(), body: { code: totpAt(admin.secret, t.clock.now()) } });
      expect(res.status).toBe(404);
      expect(res.body.error).toBe('user_not_found');
    }
    expect((await snapshotDatabase(t.server.db)).full).toEqual(before.full);
    expect((await api(t, 'GET', '/me', { token: theirUser.session.accessToken })).body).toMatchObject({ user: { twoFactor: { enabled: true } } });
  });

  it('GET /company/campaigns/:id of their campaign is 404 campaign_not_found (while their admin sees it)', async () => {
    expect((await api(t, 'GET', `/company/campaigns/${theirCampaignId}`, { token: theirAdmin.session.accessToken })).status).toBe(200);
    const res = await api(t, 'GET', `/company/campaigns/${theirCampaignId}`, { token: token() });
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('campaign_not_found');
  });

  it('GET /company/audit shows none of their events', async () => {
    const theirPeople = new Set([theirAdmin.id, theirUser.id]);
    let cursor: string | null = null;
    let seen = 0;
    do {
      const path: string = cursor ? `/company/audit?limit=100&cursor=${encodeURIComponent(cursor)}` : '/company/audit?limit=100';
      const page: { status: number; body: { items: { actor: { id: string } | null; subject: { id: string } | null; details: Record<string, unknown> }[]; nextCursor: string | null } } =
        await api(t, 'GET', path, { token: token() });
      expect(page.status).toBe(200);
      for (const e of page.body.items) {
        expect(theirPeople.has(e.actor?.id ?? '')).toBe(false);
        expect(theirPeople.has(e.subject?.id ?? '')).toBe(false);
        expect(JSON.stringify(e.details)).not.toContain(theirCampaignId);
      }
      seen += page.body.items.length;
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toBeGreaterThan(0); // their own enrollments are there
    const theirs = await t.server.db.selectFrom('audit_events').select('id').where('company_id', '=', theirAdmin.companyId).execute();
    expect(theirs.length).toBeGreaterThan(0);
  });

  it('PUT /company/two-factor-policy changes only their own company', async () => {
    const res = await api(t, 'PUT', '/company/two-factor-policy', { token: token(), body: { twoFactorAtLogin: 'optional', notifyUnenrolled: false } });
    expect(res.status).toBe(200);
    const rows = await t.server.db.selectFrom('companies').select(['id', 'two_factor_at_login']).where('id', 'in', [ours.id, theirs.id]).execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.two_factor_at_login]))).toEqual({ [ours.id]: 'optional', [theirs.id]: 'required' });
    const required = await api(t, 'PUT', '/company/two-factor-policy', { token: token(), body: { twoFactorAtLogin: 'required', notifyUnenrolled: false } });
    expect(required.status).toBe(200);
    const theirCompany = await api(t, 'GET', '/company', { token: theirAdmin.session.accessToken });
    expect(theirCompany.body).toMatchObject({ id: theirs.id, twoFactorAtLogin: 'required' });
    await api(t, 'PUT', '/company/two-factor-policy', { token: token(), body: { twoFactorAtLogin: 'optional', notifyUnenrolled: false } });
  });
});
