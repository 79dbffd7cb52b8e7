import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '@rms/test-kit/seed';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { totpAt } from '@rms/test-kit/totp';
import { ROLLOUT_DEMO_SETUP_KEY, ROLLOUT_DEMO_USERS, seedRolloutDemo } from '../../src/cli/commands/demo-rollout.js';
import { secretBoxFromConfig } from '../../src/crypto/secret-box.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

describe('the rollout demo (npm run server -- demo)', () => {
  it('shows every state in its users table, and seeding again changes nothing', async () => {
    const lines: string[] = [];
    await seedRolloutDemo(t.server.db, secretBoxFromConfig(t.config), t.clock.now(), (line) => lines.push(line));
    await seedRolloutDemo(t.server.db, secretBoxFromConfig(t.config), t.clock.now(), (line) => lines.push(line));
    expect(lines.filter((l) => l.includes('(created)'))).toHaveLength(ROLLOUT_DEMO_USERS.length);
    const admin = ROLLOUT_DEMO_USERS[0];
    const login = await api<{ challenge: string }>(t, 'POST', '/auth/login', { body: { email: admin.email, password: admin.password } });
    const verify = await api<{ session: { accessToken: string } }>(t, 'POST', '/auth/verify', {
      body: { challenge: login.body.challenge, code: totpAt(ROLLOUT_DEMO_SETUP_KEY, t.clock.now()) },
    });
    expect(verify.status).toBe(200);
    const token = verify.body.session.accessToken;
    const users = await api<{ items: { email: string; rollout: { state: string } }[]; counts: Record<string, number> }>(t, 'GET', '/company/users', { token });
    const stateOf = Object.fromEntries(users.body.items.map((u) => [u.email, u.rollout.state]));
    expect(stateOf).toEqual({
      'admin@rollout.example': 'enabled',
      'due@rollout.example': 'due',
      'held@rollout.example': 'held',
      'tech@rollout.example': 'not_in_scope',
    });
    expect(users.body.counts).toMatchObject({ users: 4, inScope: 3, enrolledInScope: 1 });
    const company = await api<{ rollout: { graceDays: number; appliesTo: string } }>(t, 'GET', '/company', { token });
    expect(company.body.rollout).toMatchObject({ graceDays: 14, appliesTo: 'administrators', newUserGraceDays: 7 });
    expect(await t.server.db.selectFrom('rollout_waves').selectAll().execute()).toEqual([]); // history: nothing is emailed
    // Dara (due) signs in and is told her deadline; Hal (held) goes into enrollment.
    const dara = ROLLOUT_DEMO_USERS[2];
    expect((await api(t, 'POST', '/auth/login', { body: { email: dara.email, password: dara.password } })).body).toMatchObject({
      status: 'authenticated',
      enrollmentDeadline: expect.any(String),
    });
    const hal = ROLLOUT_DEMO_USERS[1];
    expect((await api(t, 'POST', '/auth/login', { body: { email: hal.email, password: hal.password } })).body).toMatchObject({ status: 'enrollment_required' });
  });
});
