import type { Session } from '@rms/shared';
import type { Kysely } from 'kysely';
import { sha256 } from '../crypto/tokens.js';
import type { Database } from '../database.js';
import { preparedQuery } from '../db/prepared-query.js';
import type { SessionsTable } from '../db/schema.js';
import { ApiError } from './api-error.js';
import { auditPerson, recordEvent } from './audit.js';
import type { DomainContext, RequestOrigin } from './context.js';
import { createSession, newSessionRow, revokeFamily, sessionAnswer, sessionRowSelection } from './sessions.js';
import type { ContinuedFamily, SessionRow } from './sessions.js';
import { API_USER_COLUMNS } from './users.js';

const sessionByRefreshToken = preparedQuery((db: Kysely<Database>, a: { refreshHash: string }) =>
  db.selectFrom('sessions').selectAll().where('refresh_hash', '=', a.refreshHash),
);

/** Spends a refresh token: only a session neither rotated nor revoked yet. */
const spendRefreshToken = preparedQuery((db: Kysely<Database>, a: { id: string; now: number }) =>
  db.updateTable('sessions').set({ rotated_at: a.now }).where('id', '=', a.id).where('rotated_at', 'is', null).where('revoked_at', 'is', null),
);

const userById = preparedQuery((db: Kysely<Database>, a: { id: string }) => db.selectFrom('users').selectAll().where('id', '=', a.id));

/**
 * PostgreSQL: the usual rotation as one statement (one round trip, one commit, no BEGIN/COMMIT):
 *
 * - `spent`: the presented session is spent, only if it is neither rotated nor revoked yet (the
 *   condition is checked again on a row a concurrent request committed: one of two racing
 *   rotations of the same token spends it);
 * - `opened`: the family's next session row, only if `spent` spent it and the user's sign-in is
 *   not locked ("this wasn't me").
 *
 * It answers the user (the columns the session answer names) with whether each write happened;
 * what it did not open is answered by the transaction the other engines run (`rotateInTransaction`),
 * so reuse and a locked sign-in are handled in one place.
 */
const spendAndOpen = preparedQuery((db: Kysely<Database>, a: SessionRow & { spentId: string }) =>
  db
    .with('spent', (qc) =>
      qc
        .updateTable('sessions')
        .set({ rotated_at: a.now })
        .where('id', '=', a.spentId)
        .where('rotated_at', 'is', null)
        .where('revoked_at', 'is', null)
        .returning('sessions.id'),
    )
    .with('opened', (qc) => {
      const row = sessionRowSelection(a);
      return qc
        .insertInto('sessions')
        .columns(row.columns)
        .expression((eb) =>
          eb
            .selectFrom('spent')
            .innerJoin('users', (join) => join.on('users.id', '=', a.userId).on('users.sign_in_locked_at', 'is', null))
            .select([...row.values, 'users.id as user_id']),
        )
        .returning('sessions.id');
    })
    .selectFrom('users')
    .leftJoin('spent', (join) => join.onTrue())
    .leftJoin('opened', (join) => join.onTrue())
    .select(API_USER_COLUMNS.map((column) => `users.${column}` as const))
    .select(['spent.id as spent_id', 'opened.id as opened_id'])
    .where('users.id', '=', a.userId),
);

/**
 * Rotates a refresh token: the old one is spent, a new pair of the same family is returned.
 * Presenting a spent token again revokes the whole family (audited) and answers 401
 * `refresh_token_reused`. A locked account's family ("this wasn't me") is revoked: 401
 * `session_revoked`. Round trips: the read of the presented session, then on PostgreSQL one
 * statement for the usual rotation (`spendAndOpen`), elsewhere one transaction.
 */
export async function rotateRefreshToken(ctx: DomainContext, refreshToken: string, origin: RequestOrigin): Promise<Session> {
  const now = ctx.now();
  const [row] = (await sessionByRefreshToken.execute(ctx.db, { refreshHash: sha256(refreshToken) })).rows;
  if (!row) throw new ApiError(401, 'invalid_refresh_token');
  if (row.revoked_at !== null) throw new ApiError(401, 'session_revoked');
  if (Number(row.refresh_expires_at) <= now) throw new ApiError(401, 'session_expired');
  const family = continuedFamily(row);
  if (ctx.engine === 'postgres') {
    const rotated = await rotateInOneStatement(ctx, row, family, now, origin);
    if (rotated) return rotated;
  }
  return rotateInTransaction(ctx, row, family, now, origin);
}

function continuedFamily(row: SessionsTable): ContinuedFamily {
  return { id: row.family_id, createdAt: Number(row.family_created_at ?? row.created_at), client: row.client };
}

/**
 * PostgreSQL's usual rotation (`spendAndOpen`). Null when it opened nothing: reuse, a locked
 * sign-in, a user gone, for `rotateInTransaction` to answer. When it spent the token without
 * opening the next session (the sign-in is locked), the family is revoked as the transaction does.
 */
async function rotateInOneStatement(
  ctx: DomainContext,
  row: SessionsTable,
  family: ContinuedFamily,
  now: number,
  origin: RequestOrigin,
): Promise<Session | null> {
  const { row: next, tokens } = newSessionRow(row.user_id, { now, origin, family });
  const [result] = (await spendAndOpen.execute(ctx.db, { ...next, spentId: row.id })).rows;
  if (!result) throw new ApiError(401, 'invalid_refresh_token');
  const { spent_id: spent, opened_id: opened, ...user } = result;
  if (opened !== null) return sessionAnswer(user, tokens);
  if (spent !== null) {
    // Spent here but not continued: the sign-in is locked; its family ends, as in the transaction.
    await revokeFamily(ctx.db, row.user_id, row.family_id, now);
    throw new ApiError(401, 'session_revoked');
  }
  return null;
}

/** The rotation in one transaction: spend, then continue the family, or answer reuse or a locked sign-in. */
async function rotateInTransaction(
  ctx: DomainContext,
  row: SessionsTable,
  family: ContinuedFamily,
  now: number,
  origin: RequestOrigin,
): Promise<Session> {
  return ctx.db.transaction().execute(async (tx) => {
    const spent = await spendRefreshToken.execute(tx, { id: row.id, now });
    const [user] = (await userById.execute(tx, { id: row.user_id })).rows;
    if (!user) throw new ApiError(401, 'invalid_refresh_token');
    if (user.sign_in_locked_at !== null) {
      // Sign-in is locked ("this wasn't me"): a session written by a sign-in racing the lock ends here.
      await revokeFamily(tx, row.user_id, row.family_id, now);
      return 'locked' as const;
    }
    if (Number(spent.numAffectedRows) === 1) return createSession(tx, user, { now, origin, family });
    await revokeFamily(tx, row.user_id, row.family_id, now);
    await recordEvent(tx, ctx.notifications, {
      type: 'auth.refresh_token_reused',
      companyId: user.company_id,
      at: now,
      actor: null,
      subject: auditPerson(user),
      clientAddress: origin.clientAddress,
      details: { familyId: row.family_id },
    });
    return null;
  }).then((session) => {
    if (session === 'locked') throw new ApiError(401, 'session_revoked');
    if (!session) throw new ApiError(401, 'refresh_token_reused');
    return session;
  });
}
