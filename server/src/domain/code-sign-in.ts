import type { Session } from '@rms/shared';
import { sql } from 'kysely';
import type { Kysely, QueryCreator } from 'kysely';
import type { Database } from '../database.js';
import { preparedQuery } from '../db/prepared-query.js';
import { ApiError } from './api-error.js';
import { challengeEnded, consumeChallenge } from './challenges.js';
import { acceptStepQuery, recordAcceptedStep } from './code-check.js';
import type { DomainContext, RequestOrigin } from './context.js';
import { insertSession, newSessionRow, sessionAnswer, sessionRowValues } from './sessions.js';
import type { SessionRow } from './sessions.js';

/** What a correct code grants: the challenge `challengeId` of user `userId` ends with the code's `step`. */
export interface CodeGrant {
  challengeId: string;
  userId: string;
  step: number;
}

type GrantArgs = SessionRow & { challengeId: string; step: number };

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
      const { user_id: _user, ...values } = sessionRowValues(a);
      const columns = Object.keys(values) as (keyof typeof values)[];
      return qc
        .insertInto('sessions')
        .columns([...columns, 'user_id'])
        .expression((eb) =>
          eb.selectFrom('ended').select([...columns.map((column) => sql`${values[column]}`.as(column)), sql<string>`(SELECT signed_in.id FROM signed_in)`.as('user_id')]),
        );
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
