import { randomUUID } from 'node:crypto';
import type { Session } from '@rms/shared';
import { randomToken, sha256 } from '../crypto/tokens.js';
import type { Database } from '../database.js';
import type { Executor } from '../db/executor.js';
import { preparedQuery } from '../db/prepared-query.js';
import { sql } from 'kysely';
import type { Kysely, QueryCreator } from 'kysely';
import type { UsersTable } from '../db/schema.js';
import { ApiError } from './api-error.js';
import type { RequestOrigin } from './context.js';
import { toApiUser } from './users.js';
import type { ApiUserRow } from './users.js';

/** Access tokens live 15 minutes. */
export const ACCESS_TTL_MS = 15 * 60 * 1000;
/** Refresh tokens live 30 days. */
export const REFRESH_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** The family a new row continues (a refresh): its id, when it began and the device it is. */
export interface ContinuedFamily {
  id: string;
  createdAt: number;
  client: string | null;
}

/**
 * Creates a session and returns its tokens: a new family (a sign-in on a device) unless `family`
 * continues one (a refresh). The device description is the one the request gave, else the family's.
 * A new family also notes the user's sign-in time.
 */
export async function createSession(
  db: Executor<Database>,
  user: ApiUserRow,
  input: { now: number; origin: RequestOrigin; family?: ContinuedFamily },
): Promise<Session> {
  const session = await insertSession(db, user, input);
  if (!input.family) await noteSignIn.execute(db, { userId: user.id, now: input.now });
  return session;
}

const noteSignIn = preparedQuery((db: Kysely<Database>, a: { userId: string; now: number }) => signInNoted(db, a));

/** The UPDATE that notes a sign-in's time on the user's row (the first one kept). */
export function signInNoted(db: QueryCreator<Database>, a: { userId: string; now: number }) {
  return db
    .updateTable('users')
    .set((eb) => ({ last_sign_in_at: a.now, first_sign_in_at: eb.fn.coalesce('first_sign_in_at', eb.val(a.now)) }))
    .where('id', '=', a.userId);
}

/**
 * Inserts the session row only: for a caller that already wrote the user's sign-in time in the
 * same transaction (the code sign-in writes it with the accepted step, one UPDATE of the row).
 */
export async function insertSession(
  db: Executor<Database>,
  user: ApiUserRow,
  input: { now: number; origin: RequestOrigin; family?: ContinuedFamily },
): Promise<Session> {
  const { row, session } = newSession(user, input);
  await insertSessionRow.execute(db, row);
  return session;
}

/** The values of a new session row (`sessionRowValues`). */
export interface SessionRow {
  id: string;
  familyId: string;
  userId: string;
  accessHash: string;
  accessExpiresAt: number;
  refreshHash: string;
  refreshExpiresAt: number;
  now: number;
  clientAddress: string | null;
  client: string | null;
  familyCreatedAt: number;
}

/** The tokens of a new session (only their hashes are stored). */
export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
}

/** A new session's row (token hashes only) and its tokens, for the user with this id. */
export function newSessionRow(userId: string, input: { now: number; origin: RequestOrigin; family?: ContinuedFamily }): { row: SessionRow; tokens: SessionTokens } {
  const accessToken = randomToken();
  const refreshToken = randomToken();
  const row: SessionRow = {
    id: randomUUID(),
    familyId: input.family?.id ?? randomUUID(),
    userId,
    accessHash: sha256(accessToken),
    accessExpiresAt: input.now + ACCESS_TTL_MS,
    refreshHash: sha256(refreshToken),
    refreshExpiresAt: input.now + REFRESH_TTL_MS,
    now: input.now,
    clientAddress: input.origin.clientAddress,
    client: input.origin.client ?? input.family?.client ?? null,
    familyCreatedAt: input.family?.createdAt ?? input.now,
  };
  return { row, tokens: { accessToken, refreshToken } };
}

/** The answer for a session opened with `tokens`, naming `user`. */
export function sessionAnswer(user: ApiUserRow, tokens: SessionTokens): Session {
  return { ...tokens, expiresIn: ACCESS_TTL_MS / 1000, user: toApiUser(user) };
}

/** A new session: the row to insert (token hashes only) and the answer with the tokens. */
export function newSession(user: ApiUserRow, input: { now: number; origin: RequestOrigin; family?: ContinuedFamily }): { row: SessionRow; session: Session } {
  const { row, tokens } = newSessionRow(user.id, input);
  return { row, session: sessionAnswer(user, tokens) };
}

/** The columns of a session row (for an INSERT built elsewhere, e.g. after common table expressions). */
export function sessionRowValues(a: SessionRow) {
  return {
    id: a.id,
    family_id: a.familyId,
    user_id: a.userId,
    access_hash: a.accessHash,
    access_expires_at: a.accessExpiresAt,
    refresh_hash: a.refreshHash,
    refresh_expires_at: a.refreshExpiresAt,
    rotated_at: null,
    revoked_at: null,
    created_at: a.now,
    client_address: a.clientAddress,
    client: a.client,
    family_created_at: a.familyCreatedAt,
    last_used_at: a.now,
  };
}

/**
 * A session row as the select list of `INSERT INTO sessions (columns) SELECT …`, for a statement
 * that writes the row only when a common table expression yields one: `columns` ends with
 * `user_id`, and `values` are the other columns' parameters, to which the caller appends the
 * expression of the user (the row's user as another part of the statement found or wrote it).
 */
export function sessionRowSelection(a: SessionRow) {
  const { user_id: _user, ...values } = sessionRowValues(a);
  const columns = Object.keys(values) as (keyof typeof values)[];
  return { columns: [...columns, 'user_id' as const], values: columns.map((column) => sql`${values[column]}`.as(column)) };
}

const insertSessionRow = preparedQuery((db: Kysely<Database>, a: SessionRow) => db.insertInto('sessions').values(sessionRowValues(a)));

/** The session and user behind a bearer access token. */
export interface Authenticated {
  sessionId: string;
  familyId: string;
  user: UsersTable;
}

/** "Last used" of a device is kept to the minute: a request writes it only when it is older than this. */
export const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * Resolves a bearer access token or throws 401 (`unauthorized`, `session_expired`,
 * `session_revoked`). Every request looks the token up, so a revoked session stops at once.
 * Notes the use on the session (at most once a minute).
 */
export async function authenticateAccessToken(db: Executor<Database>, token: string, now: number): Promise<Authenticated> {
  const [row] = (await sessionByAccessToken.execute(db, { accessHash: sha256(token) })).rows;
  if (!row) throw new ApiError(401, 'unauthorized');
  if (row.revoked_at !== null) throw new ApiError(401, 'session_revoked');
  if (row.rotated_at !== null || Number(row.access_expires_at) <= now) throw new ApiError(401, 'session_expired');
  // A sign-in racing the "this wasn't me" lock may have written its session after the lock ended the others.
  if (row.sign_in_locked_at !== null) throw new ApiError(401, 'session_revoked');
  const { session_id, family_id, access_expires_at: _a, revoked_at: _r, rotated_at: _o, last_used_at, ...user } = row;
  if (last_used_at === null || Number(last_used_at) <= now - LAST_USED_GRANULARITY_MS) {
    await noteSessionUse.execute(db, { id: session_id, now });
  }
  return { sessionId: session_id, familyId: family_id, user: user as UsersTable };
}

const sessionByAccessToken = preparedQuery((db: Kysely<Database>, a: { accessHash: string }) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.family_id',
      'sessions.access_expires_at',
      'sessions.revoked_at',
      'sessions.rotated_at',
      'sessions.last_used_at',
    ])
    .selectAll('users')
    .where('sessions.access_hash', '=', a.accessHash),
);

const noteSessionUse = preparedQuery((db: Kysely<Database>, a: { id: string; now: number }) =>
  db.updateTable('sessions').set({ last_used_at: a.now }).where('id', '=', a.id),
);

/**
 * Revokes every session of a family (of user `userId`: a family is one user's, and the pair is
 * what the index `sessions_user_family` finds it by).
 */
export async function revokeFamily(db: Executor<Database>, userId: string, familyId: string, now: number): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .execute();
}

/**
 * Revokes every session of a user except (optionally) one family. Answers how many signed-in
 * devices that ended (families whose refresh token still worked).
 */
export async function revokeUserSessions(
  db: Executor<Database>,
  userId: string,
  now: number,
  exceptFamilyId?: string,
): Promise<number> {
  let live = db
    .selectFrom('sessions')
    .select('family_id')
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('rotated_at', 'is', null)
    .where('refresh_expires_at', '>', now);
  if (exceptFamilyId) live = live.where('family_id', '!=', exceptFamilyId);
  const devices = await live.execute();
  let query = db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptFamilyId) query = query.where('family_id', '!=', exceptFamilyId);
  await query.execute();
  return new Set(devices.map((d) => d.family_id)).size;
}

/** Signs out: revokes the family of the access token (even an expired one) or of the refresh token. */
export async function signOut(db: Executor<Database>, tokens: { accessToken?: string; refreshToken?: string }, now: number): Promise<boolean> {
  const byAccess = tokens.accessToken
    ? await db.selectFrom('sessions').select(['user_id', 'family_id']).where('access_hash', '=', sha256(tokens.accessToken)).executeTakeFirst()
    : undefined;
  const byRefresh =
    !byAccess && tokens.refreshToken
      ? await db.selectFrom('sessions').select(['user_id', 'family_id']).where('refresh_hash', '=', sha256(tokens.refreshToken)).executeTakeFirst()
      : undefined;
  const family = byAccess ?? byRefresh;
  if (!family) return false;
  await revokeFamily(db, family.user_id, family.family_id, now);
  return true;
}
