import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryCounter } from '@rms/test-kit/query-counter';
import { api, seedCompany, seedEnrolledUser, seedUser } from '@rms/test-kit/seed';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { totpAt } from '@rms/test-kit/totp';

// The database work of a sign-in, statement by statement (Kysely's log option): what the rules
// need and nothing more. Counts, not speed: bench/verify-throughput.ts and login-throughput.ts
// print what it is worth.
// The background jobs share the database handle and may run meanwhile (mail worker, housekeeping,
// the failed-second-step sweep): the counter leaves their statements out (isBackgroundStatement);
// a request queuing mail would still show (INSERT outbox).
const counter = queryCounter();
let t: TestServer;
let companyId: string;

beforeAll(async () => {
  t = await startTestServer({}, undefined, { queryLog: counter.log });
  companyId = (await seedCompany(t)).id;
});
afterAll(() => t?.close());

describe('database round trips of a sign-in', () => {
  it('a correct code: the challenge with its user and the throttle reservation (PostgreSQL: one statement), then what it grants committed together (challenge ended, step and sign-in time in one UPDATE, session inserted; PostgreSQL: one statement); no row read again', async () => {
    const user = await seedEnrolledUser(t, companyId);
    t.clock.advance(30_000);
    const login = await api<{ challenge: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    counter.start();
    const verify = await api<{ session: { accessToken: string } }>(t, 'POST', '/auth/verify', {
      body: { challenge: login.body.challenge, code: totpAt(user.secret, t.clock.now()) },
    });
    const trips = counter.take();
    expect(verify.status).toBe(200);
    if (t.server.engine === 'postgres') {
      // The read with the reservation (committed before the code is looked at), then what the code
      // grants in one statement (one commit): the same four writes, no BEGIN/COMMIT.
      expect(trips.statements).toEqual([
        'WITH UPDATE users: SELECT challenges',
        'WITH UPDATE challenges, UPDATE users, INSERT sessions: SELECT signed_in',
      ]);
      expect(trips.writes).toBe(4);
    } else {
      expect(trips.statements).toEqual([
        'SELECT challenges',
        'UPDATE users',
        'BEGIN',
        'UPDATE challenges',
        'UPDATE users',
        'INSERT sessions',
        'COMMIT',
      ]);
    }
    // The session it opened works, and names the user.
    const me = await api<{ user: { email: string } }>(t, 'GET', '/me', { token: verify.body.session.accessToken });
    expect(me.body.user.email).toBe(user.email);
  });

  it('a correct password without 2FA: the throttle counts and the user with the company rule, then the refund and the session committed together (PostgreSQL: one statement each)', async () => {
    const user = await seedUser(t, companyId);
    counter.start();
    const login = await api<{ status: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    const trips = counter.take();
    expect(login.body.status).toBe('authenticated');
    if (t.server.engine === 'postgres') {
      // The same writes, in two round trips: counting with the read, then refund and session (one commit).
      expect(trips.statements).toEqual([
        'WITH INSERT login_attempts, INSERT login_attempts, SELECT users: SELECT address_attempt',
        'WITH DELETE login_attempts, UPDATE login_attempts, UPDATE users: INSERT sessions',
      ]);
      expect(trips.writes).toBe(6);
      return;
    }
    // SQLite: both counts in one upsert (one commit), the read, then one transaction.
    expect(trips.statements).toEqual([
      'INSERT login_attempts',
      'SELECT users',
      'BEGIN',
      'DELETE login_attempts',
      'UPDATE login_attempts',
      'INSERT sessions',
      'UPDATE users',
      'COMMIT',
    ]);
  });

  it('a refresh: the presented session, then the spend and the family\'s next session committed together (PostgreSQL: one statement); the user is not read in full', async () => {
    const user = await seedUser(t, companyId);
    const login = await api<{ session: { refreshToken: string } }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    counter.start();
    const refresh = await api<{ session: { accessToken: string }; user?: unknown }>(t, 'POST', '/auth/refresh', { body: { refreshToken: login.body.session.refreshToken } });
    const trips = counter.take();
    expect(refresh.status).toBe(200);
    if (t.server.engine === 'postgres') {
      expect(trips.statements).toEqual(['SELECT sessions', 'WITH UPDATE sessions, INSERT sessions: SELECT users']);
      expect(trips.writes).toBe(2);
    } else {
      expect(trips.statements).toEqual(['SELECT sessions', 'BEGIN', 'UPDATE sessions', 'SELECT users', 'INSERT sessions', 'COMMIT']);
    }
    // The new pair works and names the user.
    const me = await api<{ user: { email: string } }>(t, 'GET', '/me', { token: refresh.body.session.accessToken });
    expect(me.body.user.email).toBe(user.email);
  });
});
