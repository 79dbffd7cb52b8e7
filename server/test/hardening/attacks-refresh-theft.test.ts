import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, passwordSession, seedCompany, seedUser } from '@rms/test-kit/seed';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';

let t: TestServer;
let companyId: string;

beforeAll(async () => {
  t = await startTestServer();
  companyId = (await seedCompany(t)).id;
});
afterAll(() => t?.close());

type Tokens = { accessToken: string; refreshToken: string };

async function refresh(refreshToken: string) {
  return api<{ session: Tokens; error?: string }>(t, 'POST', '/auth/refresh', { body: { refreshToken } });
}

async function me(accessToken: string) {
  return api(t, 'GET', '/me', { token: accessToken });
}

describe('attack: a stolen refresh token', () => {
  it('used after the holder rotated it revokes the whole family, the holder\'s newest tokens included', async () => {
    const user = await seedUser(t, companyId);
    const first = await passwordSession(t, user);
    const otherDevice = await passwordSession(t, user);
    const stolen = first.refreshToken;
    // The holder keeps refreshing: R1 → R2 → R3.
    const second = (await refresh(first.refreshToken)).body.session;
    t.clock.advance(60_000);
    const third = (await refresh(second.refreshToken)).body.session;
    expect((await me(third.accessToken)).status).toBe(200);
    // The thief plays R1.
    const replay = await refresh(stolen);
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ error: 'refresh_token_reused' });
    expect(JSON.stringify(replay.body)).not.toContain('accessToken');
    // Every token of the family is dead now: the holder's newest access and refresh token too.
    expect((await me(third.accessToken)).body.error).toBe('session_revoked');
    const holderRefresh = await refresh(third.refreshToken);
    expect(holderRefresh.status).toBe(401);
    expect(holderRefresh.body.error).toBe('session_revoked');
    expect((await refresh(second.refreshToken)).status).toBe(401);
    // The user's session on another device is a different family and keeps working.
    expect((await me(otherDevice.accessToken)).status).toBe(200);
    expect((await refresh(otherDevice.refreshToken)).status).toBe(200);
    const audit = await t.server.db.selectFrom('audit_events').select('type').where('subject_id', '=', user.id).execute();
    expect(audit.map((e) => e.type)).toContain('auth.refresh_token_reused');
  });

  it('rotated by the thief first: the holder\'s next refresh revokes the thief\'s new tokens', async () => {
    const user = await seedUser(t, companyId);
    const session = await passwordSession(t, user);
    const thief = (await refresh(session.refreshToken)).body.session;
    expect((await me(thief.accessToken)).status).toBe(200);
    const holder = await refresh(session.refreshToken);
    expect(holder.body.error).toBe('refresh_token_reused');
    expect((await me(thief.accessToken)).body.error).toBe('session_revoked');
    expect((await refresh(thief.refreshToken)).status).toBe(401);
  });

  it('raced by thief and holder at once: at most one rotation wins and the family ends revoked', async () => {
    const user = await seedUser(t, companyId);
    const session = await passwordSession(t, user);
    const answers = await Promise.all(Array.from({ length: 20 }, () => refresh(session.refreshToken)));
    const winners = answers.filter((a) => a.status === 200);
    expect(winners.length).toBeLessThanOrEqual(1);
    expect(answers.filter((a) => a.status !== 200).every((a) => a.status === 401)).toBe(true);
    expect(answers.some((a) => a.body.error === 'refresh_token_reused')).toBe(true);
    for (const w of winners) expect((await me(w.body.session.accessToken)).body.error).toBe('session_revoked');
    const live = await t.server.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).where('revoked_at', 'is', null).execute();
    expect(live).toHaveLength(0);
  });
});
