import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import { purgeSkewState } from './clock-skew.js';
import { LOGIN_WINDOW_MS } from './login-throttle.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What one purge removed. */
export interface PurgeResult {
  loginAttempts: number;
  challenges: number;
  sessions: number;
  /** Clock-diagnosis memories and burned steps that can no longer matter. */
  skewState: number;
  /** Emailed one-time links a day past expiry (used or not: a used one tells its page "already used" until then). */
  links: number;
}

/**
 * Deletes rows that can no longer matter: password-throttle windows that ended, challenges a day
 * past expiry, and sessions a day past their refresh token's expiry (a spent refresh token must be
 * remembered until then, to detect its re-use), clock-diagnosis state that can no longer matter, and
 * emailed one-time links a day past expiry.
 */
export async function purgeExpired(db: Kysely<Database>, now: number): Promise<PurgeResult> {
  const attempts = await db.deleteFrom('login_attempts').where('window_start', '<=', now - LOGIN_WINDOW_MS).executeTakeFirst();
  const challenges = await db.deleteFrom('challenges').where('expires_at', '<', now - DAY_MS).executeTakeFirst();
  const sessions = await db.deleteFrom('sessions').where('refresh_expires_at', '<', now - DAY_MS).executeTakeFirst();
  return {
    loginAttempts: Number(attempts.numDeletedRows),
    challenges: Number(challenges.numDeletedRows),
    sessions: Number(sessions.numDeletedRows),
    skewState: await purgeSkewState(db, now),
    links: Number((await db.deleteFrom('link_tokens').where('expires_at', '<', now - DAY_MS).executeTakeFirst()).numDeletedRows),
  };
}

/** Runs `purgeExpired` every `intervalMs` in the background until stopped. */
export function startHousekeeping(
  db: Kysely<Database>,
  now: () => number,
  onError: (error: unknown) => void,
  intervalMs = 10 * 60 * 1000,
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = purgeExpired(db, now()).catch(onError);
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
