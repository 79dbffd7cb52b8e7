import fc from 'fast-check';
import { expect } from 'vitest';
import { api, passwordSession, seedCompany, seedEnrolledUser, seedUser } from '@rms/test-kit/seed';
import { testEngine } from '@rms/test-kit/test-database';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { timeStep, totpForStep } from '@rms/test-kit/totp';
import { clearThrottles, settleOutbox, snapshotDatabase } from './db-snapshot.js';
import type { DbSnapshot } from './db-snapshot.js';
import { authHeaders, bodyCases, contentTypes, pathParams, queryStrings, sixDigits } from './fuzz-inputs.js';
import type { BodyCase, FieldSpec } from './fuzz-inputs.js';
import { rawRequest } from './raw-http.js';
import { checkAnswer, COUNTED_CODES, NO_EFFECT_CODES } from './response-checks.js';

/** A seeded company with people in every state the API distinguishes, and what they know. */
export interface FuzzWorld {
  t: TestServer;
  admin: { id: string; email: string; accessToken: string; secret: string };
  user: { id: string; email: string; accessToken: string; secret: string };
  plain: { id: string; email: string; accessToken: string };
  /** A live code_required challenge of `user`, and an enrollment challenge of a held user. */
  codeChallenge: string;
  enrollmentChallenge: string;
  /** Codes that would be accepted (±20 steps of every secret): fuzz codes avoid them. */
  liveCodes: Set<string>;
  /** Strings that must never appear in an answer. */
  secrets: string[];
  current: DbSnapshot;
  cases: number;
  outcomes: Map<string, number>;
}

function nearCodes(secret: string, now: number): string[] {
  const step = timeStep(now);
  return Array.from({ length: 41 }, (_, i) => totpForStep(secret, step - 20 + i));
}

/** Starts a server and seeds the world the fuzz suites run against. */
export async function createFuzzWorld(): Promise<FuzzWorld> {
  const t = await startTestServer();
  const company = await seedCompany(t);
  const admin = await seedEnrolledUser(t, company.id, 'admin');
  const user = await seedEnrolledUser(t, company.id);
  const plainUser = await seedUser(t, company.id);
  const plainSession = await passwordSession(t, plainUser);
  const strict = await seedCompany(t);
  await t.server.db.updateTable('companies').set({ two_factor_at_login: 'required' }).where('id', '=', strict.id).execute();
  const held = await seedUser(t, strict.id);
  const enrollment = await api<{ challenge: string }>(t, 'POST', '/auth/login', { body: { email: held.email, password: held.password } });
  const login = await api<{ challenge: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
  expect(login.status).toBe(200);
  expect(enrollment.status).toBe(200);
  const now = t.clock.now();
  const liveCodes = new Set([...nearCodes(admin.secret, now), ...nearCodes(user.secret, now)]);
  const secrets = [
    admin.secret,
    user.secret,
    admin.backupCode,
    user.backupCode,
    admin.backupCode.replace(/-/g, ''),
    user.backupCode.replace(/-/g, ''),
    admin.password,
    user.password,
    plainUser.password,
    held.password,
    admin.session.refreshToken,
    user.session.refreshToken,
    plainSession.refreshToken,
    t.config.secretKey.toString('base64'),
  ];
  return {
    t,
    admin: { id: admin.id, email: admin.email, accessToken: admin.session.accessToken, secret: admin.secret },
    user: { id: user.id, email: user.email, accessToken: user.session.accessToken, secret: user.secret },
    plain: { id: plainUser.id, email: plainUser.email, accessToken: plainSession.accessToken },
    codeChallenge: login.body.challenge,
    enrollmentChallenge: enrollment.body.challenge,
    liveCodes,
    secrets,
    // The seeding's security emails are delivered first, so the outbox is still while fuzzing.
    current: await settleOutbox(t.server.db, () => t.server.mailWorker.drain()).then(() => snapshotDatabase(t.server.db)),
    cases: 0,
    outcomes: new Map(),
  };
}

/** One endpoint as the fuzzer sees it. */
export interface FuzzTarget {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under the server root; `:id` is replaced by a fuzzed parameter. */
  path: string;
  /** The bearer token a legitimate caller would send (null: none needed). */
  token?: string | null;
  /** Body fields with plausible values (undefined: the endpoint takes no body). */
  fields?: Record<string, FieldSpec>;
  /** Query parameter names the endpoint reads. */
  query?: string[];
}

interface FuzzCase {
  method: string;
  param: string;
  query: string;
  auth: string | null;
  contentType: string | null;
  body: BodyCase;
}

const OTHER_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

function caseArbitrary(target: FuzzTarget): fc.Arbitrary<FuzzCase> {
  return fc.record({
    method: fc.oneof({ weight: 9, arbitrary: fc.constant(target.method) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) }),
    param: pathParams,
    query: queryStrings(target.query ?? ['limit', 'cursor']),
    auth: authHeaders(target.token ?? null),
    contentType: contentTypes,
    body: target.fields ? bodyCases(target.fields) : fc.oneof({ weight: 2, arbitrary: fc.constant<BodyCase>({ kind: 'none' }) }, { weight: 1, arbitrary: bodyCases({}) }),
  });
}

function encodeBody(body: BodyCase): Buffer | undefined {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'json':
      return Buffer.from(JSON.stringify(body.value) ?? 'null', 'utf8');
    case 'text':
      return Buffer.from(body.text, 'utf8');
    case 'bytes':
      return Buffer.from(body.bytes);
  }
}

/** Sends one fuzz case and checks the answer and the database. Returns the error code (or the status). */
async function runCase(world: FuzzWorld, target: FuzzTarget, c: FuzzCase): Promise<string> {
  const path = target.path.replace(':id', c.param) + c.query;
  const headers: Record<string, string> = {};
  if (c.auth !== null) headers.authorization = c.auth;
  if (c.contentType !== null) headers['content-type'] = c.contentType;
  const answer = await rawRequest(world.t.url, { method: c.method, path, headers, body: encodeBody(c.body) });
  world.cases += 1;
  const what = `${target.name}: ${c.method} ${path.slice(0, 200)} auth=${String(c.auth).slice(0, 60)} type=${String(c.contentType)} body=${JSON.stringify(c.body).slice(0, 300)}`;
  checkAnswer(answer, world.secrets, what);
  const code = answer.status >= 400 ? String((answer.json as { error: string }).error) : String(answer.status);
  const after = await snapshotDatabase(world.t.server.db);
  if (NO_EFFECT_CODES.has(code)) {
    expect(after.full, `${what}\nrefused with ${code} but changed the database`).toEqual(world.current.full);
  } else if (COUNTED_CODES.has(code)) {
    expect(after.withoutThrottle, `${what}\nrefused with ${code} but changed more than the throttle`).toEqual(world.current.withoutThrottle);
  }
  world.current = after;
  if (COUNTED_CODES.has(code)) {
    await clearThrottles(world.t.server.db);
    world.current = await snapshotDatabase(world.t.server.db);
  }
  const key = `${target.name} ${answer.status} ${code}`;
  world.outcomes.set(key, (world.outcomes.get(key) ?? 0) + 1);
  return code;
}

/** Fuzz runs per endpoint (FUZZ_RUNS overrides; the defaults keep each engine's suites within the CI budget). */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? (testEngine === 'sqlite' ? 120 : 80));

/** Runs `runs` property cases against one endpoint. */
export async function fuzzTarget(world: FuzzWorld, target: FuzzTarget, runs = FUZZ_RUNS): Promise<void> {
  await fc.assert(
    fc.asyncProperty(caseArbitrary(target), async (c) => {
      await runCase(world, target, c);
    }),
    { numRuns: runs, endOnFailure: false, interruptAfterTimeLimit: 120_000 },
  );
}

/** A plausible-or-bad TOTP code field that never carries a live code. */
export function codeField(world: FuzzWorld): FieldSpec {
  return { good: sixDigits(world.liveCodes) };
}

/** Asserts that no fuzz case polluted Object.prototype in the server process (it runs in this one). */
export function expectNoPrototypePollution(): void {
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(probe.role).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
}

/** Prints what the fuzzer did (for the hardening report). */
export function reportFuzz(world: FuzzWorld, suite: string): void {
  const byCode = new Map<string, number>();
  for (const [key, n] of world.outcomes) {
    const code = key.split(' ').slice(-2).join(' ');
    byCode.set(code, (byCode.get(code) ?? 0) + n);
  }
  const summary = [...byCode.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}×${n}`).join(', ');
  console.info(`[fuzz] ${suite}: ${world.cases} cases; outcomes: ${summary}`);
}
