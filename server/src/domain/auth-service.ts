import { normalizeBackupCode } from '@rms/shared';
import type { ChallengeResponse, LoginResponse, Session } from '@rms/shared';
import type { Database } from '../database.js';
import type { Executor } from '../db/executor.js';
import { preparedQuery } from '../db/prepared-query.js';
import { sql } from 'kysely';
import type { Kysely, QueryCreator } from 'kysely';
import type { ChallengesTable, UsersTable } from '../db/schema.js';
import { verifyPassword } from '../crypto/passwords.js';
import { constantTimeEqual, sha256 } from '../crypto/tokens.js';
import { ApiError } from './api-error.js';
import { auditPerson, recordEvent } from './audit.js';
import {
  challengeById,
  challengeRowValues,
  consumeChallenge,
  extendChallenge,
  issueChallenge,
  newChallenge,
  passwordCheckedAt,
  refuseLockedSignIn,
  requireChallenge,
} from './challenges.js';
import type { ChallengeRow } from './challenges.js';
import { noteCodeFailure, reserveCodeAttempt } from './code-throttle.js';
import { challengeScope } from './clock-skew.js';
import { checkActiveCode, refuseUnrecordedStep } from './code-check.js';
import { grantCodeSignIn, openCodeSignIn } from './code-sign-in.js';
import type { DomainContext, RequestOrigin } from './context.js';
import { requireEmailCheck } from './email-check.js';
import { completeEnrollment, confirmEnrollment, startEnrollment, startPendingSecret } from './enrollment.js';
import { attemptKeys, countingArgs, countingAttempt, refundLoginAttempt, refundingAttempt, refuseOverLimit, reserveLoginAttempt } from './login-throttle.js';
import type { AttemptCounts, AttemptKeys, CountingArgs } from './login-throttle.js';
import { clearTwoFactor } from './reset-two-factor.js';
import { createSession, newSession, revokeUserSessions, sessionRowValues, signInNoted } from './sessions.js';
import type { SessionRow } from './sessions.js';
import { noteWrongSecondStep } from './sign-in-alerts.js';
import { completeReplacement } from './temporary-codes.js';
import { companyPolicy, policyOf, standing } from './rollout-plan.js';
import type { Standing } from './rollout-plan.js';
import { iso, isoAt } from './time.js';
import { API_USER_COLUMNS, findUser } from './users.js';

/** Where a person without 2FA who is signing in now stands under their company's policy. */
async function signInStanding(ctx: DomainContext, user: UsersTable, now: number): Promise<Standing> {
  return standing(await companyPolicy(ctx.db, user.company_id), user, now, now);
}

async function challengeResponse(
  db: Executor<Database>,
  now: number,
  user: Pick<UsersTable, 'id'>,
  status: ChallengeResponse['status'],
  origin: RequestOrigin,
): Promise<ChallengeResponse> {
  const issued = await issueChallenge(db, challengeFor(user, status, now, origin));
  return { status, challenge: issued.token, expiresAt: isoAt(issued.expiresAt) };
}

/** Ends the challenge and opens the session, in one transaction (a challenge completes once). */
async function completeSignIn(ctx: DomainContext, challenge: ChallengesTable, user: UsersTable, origin: RequestOrigin): Promise<Session> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    if (!(await consumeChallenge(tx, challenge.id, now))) throw new ApiError(401, 'invalid_challenge');
    return createSession(tx, user, { now, origin });
  });
}

async function challengeUser(ctx: DomainContext, challenge: ChallengesTable): Promise<UsersTable> {
  const user = await findUser(ctx.db, challenge.user_id);
  if (!user) throw new ApiError(401, 'invalid_challenge');
  refuseLockedSignIn(user);
  return user;
}

/**
 * The user columns a password sign-in reads: the answer's seven, the hash, the lock, and what the
 * rollout standing needs; not the sealed secrets and pending state nobody on this path reads.
 */
const LOGIN_USER_COLUMNS = [...API_USER_COLUMNS, 'password_hash', 'sign_in_locked_at', 'created_at', 'first_sign_in_at'] as const;
type LoginUser = Pick<UsersTable, (typeof LOGIN_USER_COLUMNS)[number]>;
const LOGIN_USER_SELECTION = LOGIN_USER_COLUMNS.map((column) => `users.${column}` as const);

/** The user with this email as login reads it, with their company's 2FA rule. */
function userWithRule(qc: QueryCreator<Database>, email: string) {
  return qc
    .selectFrom('users')
    .innerJoin('companies', 'companies.id', 'users.company_id')
    .select(LOGIN_USER_SELECTION)
    .select('companies.two_factor_at_login as company_two_factor')
    .where('users.email', '=', email);
}

const userWithCompanyRule = preparedQuery((db: Kysely<Database>, a: { email: string }) => userWithRule(db, a.email));

/** A user as login reads it: its columns and the company's 2FA rule. */
type UserWithRule = LoginUser & { company_two_factor: 'optional' | 'required' };

/** PostgreSQL: the throttle's two counts and the user with the company rule in one statement (`countingAttempt`). */
const countAndFindUser = preparedQuery((db: Kysely<Database>, a: CountingArgs & { email: string }) =>
  countingAttempt(db, a)
    .with('found', (qc) => userWithRule(qc as unknown as QueryCreator<Database>, a.email))
    .selectFrom('address_attempt')
    .leftJoin('pair_attempt', (join) => join.onTrue())
    .leftJoin('found', (join) => join.onTrue())
    .selectAll('found')
    .select([
      'address_attempt.count as address_count',
      'address_attempt.window_start as address_window_start',
      'pair_attempt.count as pair_count',
      'pair_attempt.window_start as pair_window_start',
    ]),
);

/** Counts the attempt (429 when a window is full), then reads the user: one round trip on PostgreSQL, three on SQLite. */
async function reserveAndFindUser(ctx: DomainContext, keys: AttemptKeys, email: string): Promise<UserWithRule | undefined> {
  if (ctx.engine !== 'postgres') {
    await reserveLoginAttempt(ctx, keys);
    return (await userWithCompanyRule.execute(ctx.db, { email })).rows[0];
  }
  const now = ctx.now();
  // One row: the counts, and the user's columns (all null when no user has this email).
  const [row] = (await countAndFindUser.execute(ctx.db, { ...countingArgs(keys, now), email })).rows as unknown as (AttemptCounts & (UserWithRule | { id: null }))[];
  if (!row) throw new Error('The login throttle did not count the attempt.');
  const { address_count, address_window_start, pair_count, pair_window_start, ...found } = row;
  refuseOverLimit({ address_count, address_window_start, pair_count, pair_window_start }, now);
  return found.id === null ? undefined : (found as UserWithRule);
}

/** PostgreSQL: what a correct password opens, each with the throttle refund, as one statement (`refundingAttempt`). */
const refundAndOpenSession = preparedQuery((db: Kysely<Database>, a: RefundArgs & SessionRow) =>
  refundingAttempt(db, a)
    .with('signed_in', (qc) => signInNoted(qc as unknown as QueryCreator<Database>, { userId: a.userId, now: a.now }))
    .insertInto('sessions')
    .values(sessionRowValues(a)),
);
const refundAndIssueChallenge = preparedQuery((db: Kysely<Database>, a: RefundArgs & ChallengeRow) =>
  refundingAttempt(db, a).insertInto('challenges').values(challengeRowValues(a)),
);
const refundOnly = preparedQuery((db: Kysely<Database>, a: RefundArgs) => refundingAttempt(db, a).selectNoFrom(sql<number>`1`.as('refunded')));

type RefundArgs = { addressKey: string; pairKey: string };

/** What a correct password opens for a sign-in that is not locked. */
type Opening = { kind: 'challenge'; status: ChallengeResponse['status'] } | { kind: 'session'; enrollmentDeadline: number | null };

/**
 * After a correct password: the throttle refund and what the sign-in opens (a challenge or a
 * session; nothing for a locked sign-in), committed together. PostgreSQL: one statement whose
 * common table expressions are the refund; SQLite: one transaction.
 */
async function refundAndOpen(ctx: DomainContext, keys: AttemptKeys, user: LoginUser, opening: Opening | null, now: number, origin: RequestOrigin): Promise<LoginResponse | null> {
  const refund: RefundArgs = { addressKey: keys.address, pairKey: keys.pair };
  if (ctx.engine === 'postgres') {
    if (!opening) {
      await refundOnly.execute(ctx.db, refund);
      return null;
    }
    if (opening.kind === 'challenge') {
      const { row, issued } = newChallenge(challengeFor(user, opening.status, now, origin));
      await refundAndIssueChallenge.execute(ctx.db, { ...refund, ...row });
      return { status: opening.status, challenge: issued.token, expiresAt: isoAt(issued.expiresAt) };
    }
    const { row, session } = newSession(user, { now, origin });
    await refundAndOpenSession.execute(ctx.db, { ...refund, ...row });
    return authenticated(session, opening.enrollmentDeadline);
  }
  return ctx.db.transaction().execute(async (tx): Promise<LoginResponse | null> => {
    await refundLoginAttempt(tx, keys);
    if (!opening) return null;
    if (opening.kind === 'challenge') return challengeResponse(tx, now, user, opening.status, origin);
    return authenticated(await createSession(tx, user, { now, origin }), opening.enrollmentDeadline);
  });
}

function challengeFor(user: Pick<UsersTable, 'id'>, status: ChallengeResponse['status'], now: number, origin: RequestOrigin) {
  return { userId: user.id, purpose: status === 'code_required' ? ('code' as const) : ('enrollment' as const), now, clientAddress: origin.clientAddress };
}

function authenticated(session: Session, enrollmentDeadline: number | null): LoginResponse {
  return { status: 'authenticated', session, ...(enrollmentDeadline !== null ? { enrollmentDeadline: iso(enrollmentDeadline) } : {}) };
}

/**
 * POST /auth/login: password first (throttled per account+address and per address), then what
 * comes next. The user is read with the company's 2FA rule, and after a correct password the
 * throttle refund and what the sign-in creates commit together. PostgreSQL: the counting and the
 * read are one statement, and the refund with what it opens another (2 round trips); SQLite: the
 * two counts, the read, then one transaction.
 */
export async function login(ctx: DomainContext, email: string, password: string, origin: RequestOrigin): Promise<LoginResponse> {
  const normalized = email.trim().toLowerCase();
  const keys = attemptKeys(normalized, origin.clientAddress);
  const found = await reserveAndFindUser(ctx, keys, normalized);
  const ok = await verifyPassword(found?.password_hash ?? null, password);
  if (!found || !ok) throw new ApiError(401, 'invalid_credentials');
  const { company_two_factor, ...user } = found;
  const now = ctx.now();
  // Only a person without 2FA in a company that requires it needs the rollout plan (one more read).
  const place =
    user.two_factor_enabled_at === null && company_two_factor === 'required'
      ? standing(await policyOf(ctx.db, { id: user.company_id, two_factor_at_login: company_two_factor }), user, now, now)
      : null;
  // Decided from the row read before the password check (the transaction never read it again).
  // Only someone with the right password learns of the lock ("this wasn't me"), and only an administrator lifts it.
  const opening: Opening | null =
    user.sign_in_locked_at !== null
      ? null
      : user.two_factor_enabled_at !== null
        ? { kind: 'challenge', status: 'code_required' }
        : place?.state === 'held'
          ? { kind: 'challenge', status: 'enrollment_required' }
          : { kind: 'session', enrollmentDeadline: place?.state === 'due' ? place.deadline : null };
  const answer = await refundAndOpen(ctx, keys, user, opening, now, origin);
  // Thrown after the commit: the refund of a correct password stands, as before the lock.
  if (!answer) throw new ApiError(403, 'account_locked');
  return answer;
}

/**
 * POST /auth/verify: the authenticator code of a code_required sign-in. The challenge with its
 * user and the throttle reservation, committed before the code is looked at (PostgreSQL: one
 * statement, `openCodeSignIn`; SQLite: two), then `grantCodeSignIn`: the challenge ends, the step is recorded with the
 * sign-in time in one UPDATE whose RETURNING is the user the session names, the session row is
 * inserted (PostgreSQL: one statement; SQLite: one transaction). A refused step (reused or burned)
 * writes none of it and is answered as `verifyActiveCode` would.
 */
export async function verifySignInCode(ctx: DomainContext, token: string, code: string, origin: RequestOrigin): Promise<Session> {
  const { challengeId, user, reserved } = await openCodeSignIn(ctx, token);
  const scope = challengeScope(challengeId);
  // A wrong answer counts on the sign-in (the third alerts the person); its row is read only then.
  const noting = async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (error) {
      const challenge = await challengeById(ctx.db, challengeId);
      if (challenge) await noteWrongSecondStep(ctx, challenge, user, origin, error);
      throw error;
    }
  };
  const checked = await noting(() => checkActiveCode(ctx, user, code, origin, scope, reserved));
  const session = await grantCodeSignIn(ctx, { challengeId, userId: user.id, step: checked.step }, ctx.now(), origin);
  return session ?? noting(() => refuseUnrecordedStep(ctx, user, checked, origin, scope));
}

/**
 * POST /auth/recover: "Don't know the code". The backup code resets 2FA (secret and backup code
 * cleared, every session revoked, audited, emailed); then the sign-in completes, or continues
 * into enrollment when the company requires 2FA.
 */
export async function recoverWithBackupCode(
  ctx: DomainContext,
  token: string,
  backupCode: string,
  origin: RequestOrigin,
): Promise<LoginResponse> {
  const challenge = await requireChallenge(ctx.db, token, 'code', ctx.now());
  const user = await challengeUser(ctx, challenge);
  const failures = await reserveCodeAttempt(ctx, user.id);
  const normalized = normalizeBackupCode(backupCode);
  const matches =
    normalized !== null && user.backup_code_hash !== null && constantTimeEqual(sha256(normalized), user.backup_code_hash);
  if (!matches) {
    await noteCodeFailure(ctx, user, failures, origin);
    const wrong = new ApiError(401, 'invalid_backup_code');
    await noteWrongSecondStep(ctx, challenge, user, origin, wrong);
    throw wrong;
  }
  const now = ctx.now();
  const place = await signInStanding(ctx, { ...user, two_factor_enabled_at: null }, now);
  const required = place.state === 'held';
  return ctx.db.transaction().execute(async (tx) => {
    if (!(await consumeChallenge(tx, challenge.id, now))) throw new ApiError(401, 'invalid_challenge');
    const cleared = await tx
      .updateTable('users')
      .set({ backup_code_hash: null })
      .where('id', '=', user.id)
      .where('backup_code_hash', '=', user.backup_code_hash)
      .executeTakeFirst();
    if (Number(cleared.numUpdatedRows) !== 1) throw new ApiError(401, 'invalid_backup_code');
    await clearTwoFactor(tx, user.id);
    await revokeUserSessions(tx, user.id, now);
    await recordEvent(tx, ctx.notifications, {
      type: 'two_factor.reset_by_backup_code',
      companyId: user.company_id,
      at: now,
      actor: auditPerson(user),
      subject: auditPerson(user),
      clientAddress: origin.clientAddress,
      notice: 'two_factor_reset_by_backup_code',
    });
    const reset = (await tx.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirst()) as UsersTable;
    if (required) {
      const issued = await issueChallenge(tx, {
        userId: user.id,
        purpose: 'enrollment',
        now,
        clientAddress: origin.clientAddress,
        passwordCheckedAt: passwordCheckedAt(challenge),
      });
      return { status: 'enrollment_required' as const, challenge: issued.token, expiresAt: isoAt(issued.expiresAt) };
    }
    const session = await createSession(tx, reset, { now, origin });
    return { status: 'authenticated' as const, session, ...(place.state === 'due' ? { enrollmentDeadline: iso(place.deadline) } : {}) };
  });
}

/**
 * POST /auth/enrollment: starts the enrollment of an enrollment-required sign-in. The challenge
 * lives as long as the enrollment, never past 15 minutes after the password was checked; the
 * answer's `expiresAt` is the earlier of the two ends.
 */
export async function startSignInEnrollment(ctx: DomainContext, token: string, emailCode?: string, origin: RequestOrigin = { clientAddress: null }) {
  const challenge = await requireChallenge(ctx.db, token, 'enrollment', ctx.now());
  const user = await challengeUser(ctx, challenge);
  await requireEmailCheck(ctx, challenge, user, emailCode, origin);
  // A temporary access code's enrollment replaces the active 2FA; any other needs 2FA off.
  const pending = challenge.temporary_code_id ? await startPendingSecret(ctx, user, 'enrollment') : await startEnrollment(ctx, user);
  const challengeEnds = await extendChallenge(ctx.db, challenge, pending.expiresAtMs);
  const expiresAtMs = Math.min(pending.expiresAtMs, challengeEnds);
  return { ...pending, expiresAt: isoAt(expiresAtMs), expiresAtMs };
}

/** POST /auth/enrollment/confirm. */
export async function confirmSignInEnrollment(ctx: DomainContext, token: string, code: string, origin: RequestOrigin) {
  const challenge = await requireChallenge(ctx.db, token, 'enrollment', ctx.now());
  const replacing = challenge.temporary_code_id !== null;
  return confirmEnrollment(ctx, await challengeUser(ctx, challenge), code, origin, challengeScope(challenge.id), replacing);
}

/** POST /auth/enrollment/complete: turns 2FA on and completes the sign-in. */
export async function completeSignInEnrollment(ctx: DomainContext, token: string, origin: RequestOrigin): Promise<Session> {
  const challenge = await requireChallenge(ctx.db, token, 'enrollment', ctx.now());
  const user = await challengeUser(ctx, challenge);
  const enabled = challenge.temporary_code_id ? await completeReplacement(ctx, user, origin) : await completeEnrollment(ctx, user, origin);
  return completeSignIn(ctx, challenge, enabled, origin);
}
