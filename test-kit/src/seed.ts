// Seeding on a TestServer: companies and people are inserted through the server's own domain
// functions; 2FA is turned on over HTTP (/me/two-factor/*) on the test's movable clock.
import { API_PREFIX } from '@rms/shared';
import { createCompany, createUser } from '@rms/server/seeding';
import type { CompaniesTable } from '@rms/server/seeding';
import type { TestServer } from './test-server.js';
import { totpAt } from './totp.js';

let counter = 0;

/** A seeded person and what they know. */
export interface SeededUser {
  id: string;
  email: string;
  password: string;
  companyId: string;
}

/** Creates a company with a unique name. */
export async function seedCompany(t: TestServer, name = `Company ${++counter} ${Math.random().toString(36).slice(2, 7)}`): Promise<CompaniesTable> {
  return createCompany(t.server.db, { name });
}

/** Creates a user (2FA off). */
export async function seedUser(t: TestServer, companyId: string, role: 'admin' | 'user' = 'user'): Promise<SeededUser> {
  const email = `user${++counter}.${Math.random().toString(36).slice(2, 7)}@example.test`;
  const password = `pw-${Math.random().toString(36).slice(2)}-long`;
  const row = await createUser(t.server.db, { companyId, email, name: `User ${counter}`, role, password });
  return { id: row.id, email, password, companyId };
}

/** Calls an API path (prefix added). */
export function api<T = Record<string, unknown>>(t: TestServer, method: string, path: string, options: Parameters<TestServer['request']>[2] = {}) {
  return t.request<T>(method, `${API_PREFIX}${path}`, options);
}

/** Signs in with the password only (the company must not require 2FA and the user must have none). */
export async function passwordSession(t: TestServer, user: SeededUser): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await api<{ status: string; session: { accessToken: string; refreshToken: string } }>(t, 'POST', '/auth/login', {
    body: { email: user.email, password: user.password },
  });
  if (res.body.status !== 'authenticated') throw new Error(`expected authenticated, got ${JSON.stringify(res.body)}`);
  return res.body.session;
}

/** Enrolls a signed-in user through /me/two-factor/*, then moves the clock one step on. */
export async function enrollWithSession(t: TestServer, accessToken: string): Promise<{ secret: string; backupCode: string }> {
  const start = await api<{ secret: string }>(t, 'POST', '/me/two-factor/enrollment', { token: accessToken });
  if (start.status !== 200) throw new Error(`enrollment start: ${JSON.stringify(start.body)}`);
  const secret = start.body.secret;
  const confirm = await api<{ backupCode: string }>(t, 'POST', '/me/two-factor/enrollment/confirm', {
    token: accessToken,
    body: { code: totpAt(secret, t.clock.now()) },
  });
  if (confirm.status !== 200) throw new Error(`enrollment confirm: ${JSON.stringify(confirm.body)}`);
  const complete = await api(t, 'POST', '/me/two-factor/enrollment/complete', { token: accessToken, body: { backupCodeSaved: true } });
  if (complete.status !== 200) throw new Error(`enrollment complete: ${JSON.stringify(complete.body)}`);
  t.clock.advance(30_000);
  return { secret, backupCode: confirm.body.backupCode };
}

/** A user with 2FA on: seeded, signed in by password, enrolled. */
export async function seedEnrolledUser(t: TestServer, companyId: string, role: 'admin' | 'user' = 'user') {
  const user = await seedUser(t, companyId, role);
  const session = await passwordSession(t, user);
  const enrolled = await enrollWithSession(t, session.accessToken);
  return { ...user, ...enrolled, session };
}

/** Signs in with password + current code; returns the session. */
export async function signInWithCode(t: TestServer, user: SeededUser & { secret: string }) {
  const login = await api<{ status: string; challenge: string }>(t, 'POST', '/auth/login', {
    body: { email: user.email, password: user.password },
  });
  if (login.body.status !== 'code_required') throw new Error(`expected code_required, got ${JSON.stringify(login.body)}`);
  const verify = await api<{ session: { accessToken: string; refreshToken: string } }>(t, 'POST', '/auth/verify', {
    body: { challenge: login.body.challenge, code: totpAt(user.secret, t.clock.now()) },
  });
  if (verify.status !== 200) throw new Error(`verify: ${JSON.stringify(verify.body)}`);
  t.clock.advance(30_000);
  return verify.body.session;
}
