import type { Session } from '@rms/shared';
import { sql } from 'kysely';
import type { Kysely, QueryCreator } from 'kysely';
import type { Database } from '../database.js';
import { preparedQuery } from '../db/prepared-query.js';
import { ApiError } from './api-error.js';
import { sha256 } from '../crypto/tokens.js';
import { challengeEnded, challengeWithUserQuery, consumeChallenge, refuseUnusableChallenge, requireChallengeWithUser } from './challenges.js';
import type { ChallengeWithUser, CodeSignInUser } from './challenges.js';
import { codeAttemptReserved } from './code-throttle.js';
import { acceptStepQuery, recordAcceptedStep } from './code-check.js';
import type { DomainContext, RequestOrigin } from './context.js';
import { insertSession, newSessionRow, sessionAnswer, sessionRowSelection } from './sessions.js';
import type { SessionRow } from './sessions.js';

/** What a correct code grants: the challenge `challengeId` of user `userId` ends with the code's `step`. */
export interface CodeGrant {
  challengeId: string;
  userId: string;
  step: number;
}

type GrantArgs = SessionRow & { challengeId: string; step: number };

/**
 * PostgreSQL: the code sign-in's first statement: the challenge with its user as
 * `requireChallengeWithUser` reads them, and the throttle's reservation (`codeAttemptReserved`) in
 * the common table expression `reserved`, made only when that read lets the code be looked at: the
 * challenge live and for a code, the sign-in not locked, 2FA on. The reservation commits with the
 * statement, before the code is looked at, as its own UPDATE did; an attempt refused before it
 * (unknown or ended challenge, locked sign-in) is not counted, as before. `reserved_failures` is
 * null when it was not made (refused, or the throttle's delay or lock is active).
 */
const readAndReserve = preparedQuery((db: Kysely<Database>, a: { tokenHash: string; now: number }) => {
  const withReserved = db.with('reserved', (qc) =>
    codeAttemptReserved(qc as unknown as QueryCreator<Database>, { now: a.now })
      .from('challenges')
      .whereRef('users.id', '=', 'challenges.user_id')
      .where('challenges.token_hash', '=', a.tokenHash)
      .where('challenges.consumed_at', 'is', null)
      .where('challenges.purpose', '=', 'code')
      .where('challenges.expires_at', '>', a.now)
      .where('users.sign_in_locked_at', 'is', null)
      .where('users.totp_secret_enc', 'is not', null)
      .where('users.two_factor_enabled_at', 'is not', null)
      .returning('users.failed_code_attempts'),
  );
  return challengeWithUserQuery(withReserved as unknown as QueryCreator<Database>, a.tokenHash)
    .leftJoin(sql<{ failed_code_attempts: number }>`reserved`.as('reserved'), (join) => join.onTrue())
    .select('reserved.failed_code_attempts as reserved_failures');
});

/** A code sign-in's challenge and user, and the failure count of its reserved attempt when it is already reserved. */
export interface OpenedCodeSignIn {
  challengeId: string;
  user: CodeSignInUser;
  /** Set when the attempt was reserved (and committed) with the read; else `checkActiveCode` reserves it. */
  reserved?: number;
}

/**
 * The code sign-in's challenge with its user (401/403 as `requireChallengeWithUser`). PostgreSQL:
 * the same read and the throttle's reservation in one round trip (`readAndReserve`); when the
 * reservation was not made there although the read allows the code to be looked at (the throttle,
 * or the user's row changed between the read and the reservation), `checkActiveCode` makes it as
 * before, and answers the throttle the same way. SQLite: the read alone.
 */
export async function openCodeSignIn(ctx: DomainContext, token: string): Promise<OpenedCodeSignIn> {
  const now = ctx.now();
  if (ctx.engine !== 'postgres') return requireChallengeWithUser(ctx.db, token, 'code', now);
  const [found] = (await readAndReserve.execute(ctx.db, { tokenHash: sha256(token), now })).rows;
  if (!found) return refuseUnusableChallenge(undefined, 'code', now);
  const { reserved_failures, ...row } = found;
  // The same checks as SQLite's read, on the row read with the reservation (made only where they pass).
  const opened = refuseUnusableChallenge(row as ChallengeWithUser, 'code', now);
  return reserved_failures === null ? opened : { ...opened, reserved: Number(reserved_failures) };
}

/**
 * PostgreSQL: what a correct code grants, as one statement (one round trip, one commit, no
 * BEGIN/COMMIT), the same three writes as SQLite's transaction and in the same order, challenge
 * first and users row second (the order of every other sign-in transaction):
 *
 * - `ended`: the challenge ends, only if no other request ended it;
 * - `signed_in`: the step is recorded with the throttle reset and the sign-in time, only if the
 *   challenge ended here and the step is later than the last accepted one and not burned (the
 *   conditions are checked again on the row a concurrent request committed: exactly one wins);
 * - `opened`: a session row for each ended challenge, its user the one `signed_in` wrote.
 *
 * A challenge ended without its step recorded would be a session without a user, which
 * `sessions.user_id NOT NULL` refuses: the statement fails and nothing of it stays (the
 * transaction's rollback), answered by `isRefusedStep`. A challenge another request ended first
 * gives no row and no write.
 */
const endChallengeAndSignIn = preparedQuery((db: Kysely<Database>, a: GrantArgs) =>
  db
    .with('ended', (qc) => challengeEnded(qc as unknown as QueryCreator<Database>, { id: a.challengeId, now: a.now }).returning('challenges.id'))
    .with('signed_in', (qc) =>
      acceptStepQuery(qc as unknown as QueryCreator<Database>, { userId: a.userId, step: a.step, signedInAt: a.now }, true).where(sql<boolean>`EXISTS (SELECT 1 FROM ended)`),
    )
    .with('opened', (qc) => {
      const row = sessionRowSelection(a);
      return qc
        .insertInto('sessions')
        .columns(row.columns)
        .expression((eb) => eb.selectFrom('ended').select([...row.values, sql<string>`(SELECT signed_in.id FROM signed_in)`.as('user_id')]));
    })
    .selectFrom('signed_in')
    .selectAll(),
);

/** The failure of `endChallengeAndSignIn` that is a refused step (the session's user left NULL). */
function isRefusedStep(error: unknown): boolean {
  const failure = error as { code?: unknown; table?: unknown; column?: unknown } | null;
  return failure?.code === '23502' && failure.table === 'sessions' && failure.column === 'user_id';
}

/** Rolls back SQLite's sign-in transaction when the code's step was refused. */
class StepRefused extends Error {}

/**
 * What a correct code grants, committed together: the challenge ends, the step is recorded with
 * the sign-in time (the throttle reset), the session is opened. 401 `invalid_challenge` when
 * another request ended the challenge first; null, with nothing written, when the step was
 * refused (reused or burned: the caller answers). PostgreSQL: one statement
 * (`endChallengeAndSignIn`); SQLite: one transaction.
 */
export async function grantCodeSignIn(ctx: DomainContext, grant: CodeGrant, now: number, origin: RequestOrigin): Promise<Session | null> {
  if (ctx.engine === 'postgres') {
    const { row, tokens } = newSessionRow(grant.userId, { now, origin });
    try {
      const [signedIn] = (await endChallengeAndSignIn.execute(ctx.db, { ...row, challengeId: grant.challengeId, step: grant.step })).rows;
      if (!signedIn) throw new ApiError(401, 'invalid_challenge');
      return sessionAnswer(signedIn, tokens);
    } catch (error) {
      if (isRefusedStep(error)) return null;
      throw error;
    }
  }
  return ctx.db
    .transaction()
    .execute(async (tx) => {
      // Challenge first, users row second: the order of every other sign-in transaction (no deadlock).
      if (!(await consumeChallenge(tx, grant.challengeId, now))) throw new ApiError(401, 'invalid_challenge');
      const signedIn = await recordAcceptedStep(tx, grant.userId, grant.step, { last_sign_in_at: now });
      if (!signedIn) throw new StepRefused();
      return insertSession(tx, signedIn, { now, origin });
    })
    .catch((error: unknown) => {
      if (error instanceof StepRefused) return null;
      throw error;
    });
}
