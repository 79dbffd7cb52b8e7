// Counts the database round trips a request makes, through Kysely's log option (startServer's
// `queryLog`). Every statement Kysely sends is one round trip, BEGIN and COMMIT included. Used by
// the benches (bench/*-throughput.ts) and by the tests that pin a path's round trips.
import type { StartOptions } from '@rms/server/start-server';

type LogEvent = Parameters<NonNullable<StartOptions['queryLog']>>[0];

/** What one statement was, by its first keyword and the table it writes or reads first. */
export function statementLabel(sql: string): string {
  const text = sql.trim().replace(/\s+/g, ' ');
  const verb = (/^\w+/.exec(text)?.[0] ?? '?').toUpperCase();
  const table = /^(?:insert into|update|delete from)\s+"?(\w+)"?/i.exec(text)?.[1] ?? /\bfrom\s+"?(\w+)"?/i.exec(text)?.[1];
  return table ? `${verb} ${table}` : verb;
}

/**
 * Whether a statement is the server's background work rather than a request's: the mail worker
 * (outbox claims and sends, binding one-time links at send time; queuing mail, INSERT outbox, is
 * a request's and stays), housekeeping's purges, the
 * failed-second-step sweep. They share the database handle and run on timers, so on a loaded
 * machine one can land between a request's statements.
 */
export function isBackgroundStatement(sql: string): boolean {
  const text = sql.replace(/\s+/g, ' ').toLowerCase();
  return (
    (/\boutbox\b/.test(text) && !/^insert into "?outbox\b/.test(text)) ||
    /\blink_tokens\b/.test(text) ||
    text.includes('alert_checked_at') ||
    /^delete from "?login_attempts"? where "?window_start"? <=/.test(text) ||
    /^delete from "?(challenges|sessions)"? where "?(expires_at|refresh_expires_at)"? </.test(text)
  );
}

/**
 * A recorder to pass as `queryLog`; `take()` returns what was recorded since the last take,
 * without the statements of the server's background jobs (`isBackgroundStatement`).
 */
export function queryCounter() {
  let statements: string[] = [];
  let recording = false;
  return {
    log(event: LogEvent) {
      if (recording && !isBackgroundStatement(event.query.sql)) statements.push(statementLabel(event.query.sql));
    },
    start() {
      statements = [];
      recording = true;
    },
    take(): { statements: string[]; roundTrips: number; writes: number } {
      recording = false;
      const taken = statements;
      statements = [];
      const writes = taken.filter((s) => /^(INSERT|UPDATE|DELETE)/.test(s)).length;
      return { statements: taken, roundTrips: taken.length, writes };
    },
  };
}
