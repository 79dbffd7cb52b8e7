import { randomUUID } from 'node:crypto';
import type { Kysely, QueryCreator } from 'kysely';
import { randomToken, sha256 } from '../crypto/tokens.js';
import type { Database } from '../database.js';
import type { Executor } from '../db/executor.js';
import { preparedQuery } from '../db/prepared-query.js';
import type { ChallengesTable, UsersTable } from '../db/schema.js';
import { ApiError } from './api-error.js';

/** A sign-in challenge lives 5 minutes. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

/** Enrollment may keep a sign-in open, but never past this long after the password was checked. */
export const SIGN_IN_MAX_MS = 15 * 60 * 1000;

/** A freshly issued challenge: the token goes to the client, only its hash is stored. */
export interface IssuedChallenge {
  token: string;
  expiresAt: number;
}

/**
 * Issues a challenge bound to the user and its purpose. `passwordCheckedAt` carries the time the
 * password of this sign-in was checked into a follow-up challenge (default: now).
 */
export async function issueChallenge(db: Executor<Database>, input: ChallengeInput): Promise<IssuedChallenge> {
  const { row, issued } = newChallenge(input);
  await insertChallenge.execute(db, row);
  return issued;
}

/** What a new challenge is for (`issueChallenge`). */
export interface ChallengeInput {
  userId: string;
  purpose: ChallengesTable['purpose'];
  now: number;
  clientAddress: string | null;
  passwordCheckedAt?: number;
  /** The temporary access code that opened this enrollment (it replaces the active 2FA). */
  temporaryCodeId?: string;
}

/** The values of a new challenge row (`challengeRowValues`). */
export interface ChallengeRow {
  id: string;
  tokenHash: string;
  userId: string;
  purpose: ChallengesTable['purpose'];
  now: number;
  expiresAt: number;
  clientAddress: string | null;
  passwordCheckedAt: number;
  temporaryCodeId: string | null;
}

/** A new challenge: the row to insert (the token's hash only) and the token for the client. */
export function newChallenge(input: ChallengeInput): { row: ChallengeRow; issued: IssuedChallenge } {
  const token = randomToken();
  const expiresAt = input.now + CHALLENGE_TTL_MS;
  const row: ChallengeRow = {
    id: randomUUID(),
    tokenHash: sha256(token),
    userId: input.userId,
    purpose: input.purpose,
    now: input.now,
    expiresAt,
    clientAddress: input.clientAddress,
    passwordCheckedAt: input.passwordCheckedAt ?? input.now,
    temporaryCodeId: input.temporaryCodeId ?? null,
  };
  return { row, issued: { token, expiresAt } };
}

/** The columns of a challenge row (for an INSERT built elsewhere, e.g. after common table expressions). */
export function challengeRowValues(a: ChallengeRow) {
  return {
    id: a.id,
    token_hash: a.tokenHash,
    user_id: a.userId,
    purpose: a.purpose,
    created_at: a.now,
    expires_at: a.expiresAt,
    consumed_at: null,
    client_address: a.clientAddress,
    password_checked_at: a.passwordCheckedAt,
    temporary_code_id: a.temporaryCodeId,
    email_code_hash: null,
    email_code_expires_at: null,
    email_code_sent_at: null,
    email_verified_at: null,
    failed_codes: 0,
    alert_checked_at: null,
  };
}

const insertChallenge = preparedQuery((db: Kysely<Database>, a: ChallengeRow) => db.insertInto('challenges').values(challengeRowValues(a)));

/**
 * Finds a live challenge of the given purpose. Unknown, consumed or wrong-purpose tokens are
 * `invalid_challenge`; expired ones `challenge_expired`. Wrong codes do not end a challenge.
 */
export async function requireChallenge(
  db: Executor<Database>,
  token: string,
  purpose: ChallengesTable['purpose'],
  now: number,
): Promise<ChallengesTable> {
  const row = await db.selectFrom('challenges').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (!row || row.consumed_at !== null || row.purpose !== purpose) throw new ApiError(401, 'invalid_challenge');
  if (Number(row.expires_at) <= now) throw new ApiError(401, 'challenge_expired');
  return row;
}

/**
 * `requireChallenge` and the challenge's user (the columns a code sign-in reads) in one query (the
 * code sign-in's first read). A challenge whose user is gone is `invalid_challenge`.
 */
export async function requireChallengeWithUser(
  db: Executor<Database>,
  token: string,
  purpose: ChallengesTable['purpose'],
  now: number,
): Promise<{ challengeId: string; user: CodeSignInUser }> {
  const [row] = (await challengeWithUser.execute(db, { tokenHash: sha256(token) })).rows;
  return refuseUnusableChallenge(row, purpose, now);
}

/** A challenge read with its user (`challengeWithUserQuery`). */
export type ChallengeWithUser = CodeSignInUser & { challenge_id: string; challenge_purpose: ChallengesTable['purpose']; consumed_at: number | null; expires_at: number };

/** `requireChallengeWithUser`'s answer for the row it read: the checks, in the same order, for the same row read elsewhere. */
export function refuseUnusableChallenge(
  row: ChallengeWithUser | undefined,
  purpose: ChallengesTable['purpose'],
  now: number,
): { challengeId: string; user: CodeSignInUser } {
  if (!row || row.consumed_at !== null || row.challenge_purpose !== purpose) throw new ApiError(401, 'invalid_challenge');
  if (Number(row.expires_at) <= now) throw new ApiError(401, 'challenge_expired');
  const { challenge_id, challenge_purpose: _p, consumed_at: _c, expires_at: _e, ...user } = row;
  refuseLockedSignIn(user);
  return { challengeId: challenge_id, user };
}

/**
 * The columns of the user that a code sign-in reads: the lock, the secret and whether 2FA is on,
 * and who they are for the audit and the alert. Not the whole row: its password and backup-code
 * hashes and pending secrets have no business on this path, and each column is work to read
 * (better-sqlite3 and node-postgres build every row column by column).
 */
export const CODE_SIGN_IN_USER_COLUMNS = ['id', 'company_id', 'email', 'name', 'totp_secret_enc', 'two_factor_enabled_at', 'sign_in_locked_at'] as const;

/** A user as `requireChallengeWithUser` reads them (`CODE_SIGN_IN_USER_COLUMNS`). */
export type CodeSignInUser = Pick<UsersTable, (typeof CODE_SIGN_IN_USER_COLUMNS)[number]>;

/** The challenge with this token's hash and its user (`CODE_SIGN_IN_USER_COLUMNS`): the prepared statement, and the main query of the code sign-in's first statement on PostgreSQL. */
export function challengeWithUserQuery(qc: QueryCreator<Database>, tokenHash: string) {
  return qc
    .selectFrom('challenges')
    .innerJoin('users', 'users.id', 'challenges.user_id')
    .select(['challenges.id as challenge_id', 'challenges.purpose as challenge_purpose', 'challenges.consumed_at', 'challenges.expires_at'])
    .select(CODE_SIGN_IN_USER_COLUMNS.map((column) => `users.${column}` as const))
    .where('challenges.token_hash', '=', tokenHash);
}

const challengeWithUser = preparedQuery((db: Kysely<Database>, a: { tokenHash: string }) => challengeWithUserQuery(db, a.tokenHash));

/**
 * A sign-in in progress goes no further on an account locked after "this wasn't me" (403
 * `account_locked`): the lock ends every challenge, but a sign-in racing it may write one after.
 */
export function refuseLockedSignIn(user: Pick<UsersTable, 'sign_in_locked_at'>): void {
  if (user.sign_in_locked_at !== null) throw new ApiError(403, 'account_locked');
}

/** A challenge row by id, or undefined (housekeeping deletes challenges long after they end). */
export function challengeById(db: Executor<Database>, id: string): Promise<ChallengesTable | undefined> {
  return db.selectFrom('challenges').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Ends a challenge; false when another request consumed it first. */
export async function consumeChallenge(db: Executor<Database>, id: string, now: number): Promise<boolean> {
  const result = await endChallenge.execute(db, { id, now });
  return Number(result.numAffectedRows) === 1;
}

/** The UPDATE that ends a challenge not ended yet (the prepared statement, and a common table expression of the code sign-in on PostgreSQL). */
export function challengeEnded(qc: QueryCreator<Database>, a: { id: string; now: number }) {
  return qc.updateTable('challenges').set({ consumed_at: a.now }).where('id', '=', a.id).where('consumed_at', 'is', null);
}

const endChallenge = preparedQuery((db: Kysely<Database>, a: { id: string; now: number }) => challengeEnded(db, a));

/** When the password of the challenge's sign-in was checked. */
export function passwordCheckedAt(challenge: ChallengesTable): number {
  return Number(challenge.password_checked_at ?? challenge.created_at);
}

/**
 * Lets an enrollment challenge live as long as the enrollment it started, but never past
 * `SIGN_IN_MAX_MS` after the password was checked. Returns the challenge's expiry.
 */
export async function extendChallenge(db: Executor<Database>, challenge: ChallengesTable, until: number): Promise<number> {
  const capped = Math.min(until, passwordCheckedAt(challenge) + SIGN_IN_MAX_MS);
  await db.updateTable('challenges').set({ expires_at: capped }).where('id', '=', challenge.id).where('expires_at', '<', capped).execute();
  return Math.max(capped, Number(challenge.expires_at));
}
