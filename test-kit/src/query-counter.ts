// Counts the database round trips a request makes, through Kysely's log option (startServer's
// `queryLog`). Every statement Kysely sends is one round trip, BEGIN and COMMIT included. Used by
// the benches (bench/*-throughput.ts) and by the tests that pin a path's round trips.
import type { StartOptions } from '@rms/server/start-server';

type LogEvent = Parameters<NonNullable<StartOptions['queryLog']>>[0];

/** What one statement was, by its first keyword and the table it writes or reads first. */
function simpleLabel(text: string): string {
  const verb = (/^\w+/.exec(text)?.[0] ?? '?').toUpperCase();
  const table = /^(?:insert into|update|delete from)\s+"?(\w+)"?/i.exec(text)?.[1] ?? /\bfrom\s+"?(\w+)"?/i.exec(text)?.[1];
  return table ? `${verb} ${table}` : verb;
}

/**
 * A statement with common table expressions (`WITH a AS (...), b AS (...) main`) as its parts:
 * the expressions' bodies and the main statement; null for any other statement.
 */
function withParts(text: string): { expressions: string[]; main: string } | null {
  if (!/^with\b/i.test(text)) return null;
  const expressions: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '(') {
      if (depth === 0) start = i + 1;
      depth += 1;
    } else if (c === ')') {
      depth -= 1;
      if (depth !== 0) continue;
      expressions.push(text.slice(start, i).trim());
      const rest = text.slice(i + 1).trimStart();
      if (!rest.startsWith(',')) return { expressions, main: rest };
    }
  }
  return { expressions, main: '' };
}

/**
 * What one statement was, by its first keyword and the table it writes or reads first; a statement
 * with common table expressions as `WITH <each expression's label>: <the main statement's label>`
 * (one round trip that may write several tables).
 */
export function statementLabel(sql: string): string {
  const text = sql.trim().replace(/\s+/g, ' ');
  const parts = withParts(text);
  if (!parts) return simpleLabel(text);
  return `WITH ${parts.expressions.map(simpleLabel).join(', ')}: ${simpleLabel(parts.main)}`;
}

/** How many writes (INSERT, UPDATE, DELETE) a statement's label names: one, or each of a WITH statement's parts. */
export function writesOf(label: string): number {
  const parts = label.startsWith('WITH ') ? label.slice(5).split(/, |: /) : [label];
  return parts.filter((part) => /^(INSERT|UPDATE|DELETE)/.test(part)).length;
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
      const writes = taken.reduce((n, s) => n + writesOf(s), 0);
      return { statements: taken, roundTrips: taken.length, writes };
    },
  };
}
