import { TOTP } from '@rms/shared';
import type { Database } from '../database.js';
import type { Executor } from '../db/executor.js';
import { ApiError } from './api-error.js';
import type { DomainContext } from './context.js';
import { timeStepAt } from './totp.js';

/**
 * Where wrong codes are remembered for the clock diagnosis: one sign-in (`challenge:<id>`) or one
 * signed-in session family (`session:<familyId>`).
 */
export type CodeScope = `challenge:${string}` | `session:${string}`;

/** The scope of a sign-in challenge. */
export function challengeScope(challengeId: string): CodeScope {
  return `challenge:${challengeId}`;
}

/** The scope of a signed-in session family. */
export function sessionScope(familyId: string): CodeScope {
  return `session:${familyId}`;
}

/** A remembered wrong code older than this no longer counts as "the previous one". */
const MEMORY_MS = 10 * 60 * 1000;

/** A wrong code that matched a step within ±10 minutes, outside the ±1 window. */
export interface SkewMatch {
  step: number;
  offsetSteps: number;
}

async function recall(db: Executor<Database>, scope: CodeScope, now: number): Promise<SkewMatch | null> {
  const row = await db.selectFrom('code_skew_memory').selectAll().where('scope', '=', scope).executeTakeFirst();
  if (!row || Number(row.at) <= now - MEMORY_MS) return null;
  return { step: Number(row.step), offsetSteps: Number(row.offset_steps) };
}

async function remember(db: Executor<Database>, scope: CodeScope, match: SkewMatch | null, now: number): Promise<void> {
  if (!match) {
    await db.deleteFrom('code_skew_memory').where('scope', '=', scope).execute();
    return;
  }
  const values = { step: match.step, offset_steps: match.offsetSteps, at: now };
  await db
    .insertInto('code_skew_memory')
    .values({ scope, ...values })
    .onConflict((oc) => oc.column('scope').doUpdateSet(values))
    .execute();
}

/**
 * The answer to a wrong code. A code that matched nothing near is `invalid_code`. A code that
 * matched a step within ±10 minutes reveals the offset (`clock_skew` + `offsetSeconds`) only when
 * the previous wrong code of the same scope was a different code that matched the same offset
 * (±1 step), which is what a phone with a wrong clock produces and a guesser cannot; otherwise
 * it is `invalid_code` with `hint: "check_phone_clock"`, and (for the active secret, `burn`) its
 * step is burned, so a guesser cannot wait for that step and sign in with the code.
 */
export async function answerWrongCode(
  ctx: DomainContext,
  input: { userId: string; scope: CodeScope; match: SkewMatch | null; burn: boolean },
): Promise<ApiError> {
  const now = ctx.now();
  const previous = await recall(ctx.db, input.scope, now);
  await remember(ctx.db, input.scope, input.match, now);
  const match = input.match;
  if (!match) return new ApiError(401, 'invalid_code');
  const agrees = previous !== null && previous.step !== match.step && Math.abs(previous.offsetSteps - match.offsetSteps) <= 1;
  if (agrees) return new ApiError(401, 'clock_skew', undefined, { offsetSeconds: match.offsetSteps * TOTP.periodSeconds });
  if (input.burn) {
    await ctx.db
      .insertInto('burned_totp_steps')
      .values({ user_id: input.userId, step: match.step, at: now })
      .onConflict((oc) => oc.columns(['user_id', 'step']).doNothing())
      .execute();
  }
  return new ApiError(401, 'invalid_code', undefined, { hint: 'check_phone_clock' });
}

/** True when a code of this step drew the clock hint earlier: it is refused like a wrong code. */
export async function isBurnedStep(db: Executor<Database>, userId: string, step: number): Promise<boolean> {
  const row = await db.selectFrom('burned_totp_steps').select('step').where('user_id', '=', userId).where('step', '=', step).executeTakeFirst();
  return row !== undefined;
}

/** Housekeeping: forgets memories and burned steps that can no longer matter. */
export async function purgeSkewState(db: Executor<Database>, now: number): Promise<number> {
  const memories = await db.deleteFrom('code_skew_memory').where('at', '<=', now - MEMORY_MS).executeTakeFirst();
  const burned = await db
    .deleteFrom('burned_totp_steps')
    .where('step', '<', timeStepAt(now) - TOTP.window)
    .executeTakeFirst();
  return Number(memories.numDeletedRows) + Number(burned.numDeletedRows);
}
