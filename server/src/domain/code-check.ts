import { ApiError } from './api-error.js';
import { auditPerson, recordEvent } from './audit.js';
import type { Database } from '../database.js';
import type { Executor } from '../db/executor.js';
import { preparedQuery } from '../db/prepared-query.js';
import type { Kysely, QueryCreator } from 'kysely';
import { answerWrongCode, isBurnedStep } from './clock-skew.js';
import type { CodeScope } from './clock-skew.js';
import { noteCodeFailure, reserveCodeAttempt } from './code-throttle.js';
import type { DomainContext, RequestOrigin } from './context.js';
import type { UsersTable } from '../db/schema.js';
import { checkTotpCode } from './totp.js';
import { API_USER_COLUMNS } from './users.js';
import type { ApiUserRow } from './users.js';

/** What checking a code of the active authenticator reads of the user (and audits, when it fails). */
export type CodeCheckUser = Pick<UsersTable, 'id' | 'company_id' | 'email' | 'name' | 'totp_secret_enc' | 'two_factor_enabled_at'>;

/** A correct code of the active authenticator whose step is not recorded yet. */
export interface CheckedCode {
  step: number;
  /** The failure count its reserved attempt made (for the lock notice when it is refused after all). */
  failures: number;
}

/**
 * Checks a code from the user's ACTIVE authenticator: throttled (the attempt is reserved before the
 * code is looked at; `reserved` is the failure count when the caller's own statement already
 * reserved and committed it), ±1 step. A wrong code is counted and answered here (throws); a correct one
 * still has to be recorded with `recordAcceptedStep`, which is what makes it single-use.
 */
export async function checkActiveCode(
  ctx: DomainContext,
  user: CodeCheckUser,
  code: string,
  origin: RequestOrigin,
  scope: CodeScope,
  reserved?: number,
): Promise<CheckedCode> {
  if (!user.totp_secret_enc || user.two_factor_enabled_at === null) throw new ApiError(409, 'two_factor_not_enabled');
  const failures = reserved ?? (await reserveCodeAttempt(ctx, user.id));
  const check = checkTotpCode(ctx.secrets.open(user.totp_secret_enc), code, ctx.now());
  if (check.kind !== 'valid') {
    await noteCodeFailure(ctx, user, failures, origin);
    throw await answerWrongCode(ctx, { userId: user.id, scope, match: check.kind === 'clock_skew' ? check : null, burn: true });
  }
  return { step: check.step, failures };
}

/**
 * Records an accepted step in one conditional UPDATE: only a step later than the last accepted one
 * and not burned by a clock hint wins; the throttle is reset, and `alsoSet` (the sign-in time)
 * written with it. Answers the user as written, with the columns a session answer names
 * (`API_USER_COLUMNS`: not the whole row, whose secrets and hashes nobody here reads), or
 * undefined when the step was refused (then `refuseUnrecordedStep` gives the answer).
 */
export async function recordAcceptedStep(
  db: Executor<Database>,
  userId: string,
  step: number,
  alsoSet: { last_sign_in_at?: number } = {},
): Promise<ApiUserRow | undefined> {
  const result =
    alsoSet.last_sign_in_at === undefined
      ? await acceptStep.execute(db, { userId, step })
      : await acceptStepAndSignIn.execute(db, { userId, step, signedInAt: alsoSet.last_sign_in_at });
  return result.rows[0];
}

/**
 * The conditional UPDATE of an accepted step; `signedIn` adds the sign-in time (two shapes, each
 * compiled once). Also a common table expression of the code sign-in on PostgreSQL.
 */
export function acceptStepQuery(db: QueryCreator<Database>, a: { userId: string; step: number; signedInAt?: number }, signedIn: boolean) {
  const signInTime = signedIn ? { last_sign_in_at: a.signedInAt } : {};
  return db
    .updateTable('users')
    .set({ last_totp_step: a.step, failed_code_attempts: 0, code_next_allowed_at: null, locked_until: null, ...signInTime })
    .where('id', '=', a.userId)
    .where((eb) => eb.or([eb('last_totp_step', 'is', null), eb('last_totp_step', '<', a.step)]))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('burned_totp_steps').select('step').whereRef('burned_totp_steps.user_id', '=', 'users.id').where('burned_totp_steps.step', '=', a.step))),
    )
    .returning(API_USER_COLUMNS);
}

const acceptStep = preparedQuery((db: Kysely<Database>, a: { userId: string; step: number }) => acceptStepQuery(db, a, false));
const acceptStepAndSignIn = preparedQuery((db: Kysely<Database>, a: { userId: string; step: number; signedInAt: number }) =>
  acceptStepQuery(db, a, true),
);

/**
 * The answer to a correct code whose step `recordAcceptedStep` refused: a step burned by a clock
 * hint is a wrong code; otherwise the code was already used (audited and emailed). Always throws.
 */
export async function refuseUnrecordedStep(
  ctx: DomainContext,
  user: CodeCheckUser,
  checked: CheckedCode,
  origin: RequestOrigin,
  scope: CodeScope,
): Promise<never> {
  if (await isBurnedStep(ctx.db, user.id, checked.step)) {
    await noteCodeFailure(ctx, user, checked.failures, origin);
    throw await answerWrongCode(ctx, { userId: user.id, scope, match: null, burn: true });
  }
  await ctx.db.transaction().execute((tx) =>
    recordEvent(tx, ctx.notifications, {
      type: 'two_factor.code_reused',
      companyId: user.company_id,
      at: ctx.now(),
      actor: null,
      subject: auditPerson(user),
      clientAddress: origin.clientAddress,
      details: { step: checked.step },
      notice: 'code_reused',
    }),
  );
  await noteCodeFailure(ctx, user, checked.failures, origin);
  throw new ApiError(401, 'code_already_used');
}

/**
 * Verifies a code from the user's ACTIVE authenticator: throttled, ±1 step, replay-proof.
 * On success the step is recorded atomically (only a later step than the last accepted one wins)
 * and the failure count is reset. A re-used code is audited, emailed and refused. `scope` is the
 * sign-in or session the code came from (for the clock diagnosis of wrong codes).
 */
export async function verifyActiveCode(
  ctx: DomainContext,
  user: UsersTable,
  code: string,
  origin: RequestOrigin,
  scope: CodeScope,
): Promise<number> {
  const checked = await checkActiveCode(ctx, user, code, origin, scope);
  if (await recordAcceptedStep(ctx.db, user.id, checked.step)) return checked.step;
  return refuseUnrecordedStep(ctx, user, checked, origin, scope);
}

/**
 * Verifies a code from a PENDING secret (enrollment or new device): throttled, ±1 step.
 * Returns the matched step; the caller stores it so that code cannot be replayed later.
 */
export async function verifyPendingCode(
  ctx: DomainContext,
  user: UsersTable,
  pendingSecret: string,
  code: string,
  origin: RequestOrigin,
  scope: CodeScope,
): Promise<number> {
  const failures = await reserveCodeAttempt(ctx, user.id);
  const check = checkTotpCode(pendingSecret, code, ctx.now());
  if (check.kind !== 'valid') {
    await noteCodeFailure(ctx, user, failures, origin);
    // Only the person setting it up has seen a pending secret: nothing to burn.
    throw await answerWrongCode(ctx, { userId: user.id, scope, match: check.kind === 'clock_skew' ? check : null, burn: false });
  }
  return check.step;
}
