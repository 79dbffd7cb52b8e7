import { describe, expect, it } from 'vitest';
import { isBackgroundStatement, statementLabel, writesOf } from './query-counter.js';

describe('query counter', () => {
  it('labels a statement by its verb and first table', () => {
    expect(statementLabel('update "users" set "x" = ? where "id" = ?')).toBe('UPDATE users');
    expect(statementLabel('select * from "challenges" inner join "users"')).toBe('SELECT challenges');
    expect(statementLabel('begin')).toBe('BEGIN');
  });

  it('labels a statement with common table expressions by its parts, and counts each write in it', () => {
    const label = statementLabel(
      'with "a" as (insert into "login_attempts" ("key") values ($1) returning "count"), "b" as (delete from "sessions" where "id" = $2) select "a"."count" from "a" left join "users" on (true)',
    );
    expect(label).toBe('WITH INSERT login_attempts, DELETE sessions: SELECT a');
    expect(writesOf(label)).toBe(2);
    expect(writesOf(statementLabel('with "x" as (update "users" set "n" = 1) insert into "sessions" ("id") values ($1)'))).toBe(2);
    expect(writesOf('UPDATE users')).toBe(1);
    expect(writesOf('SELECT users')).toBe(0);
  });

  it("tells the background jobs' statements from a request's", () => {
    // mail worker, link binding at send time, housekeeping, the failed-second-step sweep
    expect(isBackgroundStatement('update "outbox" set "state" = ? where "id" in (select "id" from "outbox" limit ?) returning *')).toBe(true);
    expect(isBackgroundStatement('insert into "link_tokens" ("id", "purpose") values (?, ?)')).toBe(true);
    expect(isBackgroundStatement('delete from "login_attempts" where "window_start" <= ?')).toBe(true);
    expect(isBackgroundStatement('delete from "challenges" where "expires_at" < ?')).toBe(true);
    expect(isBackgroundStatement('select * from "challenges" where "expires_at" <= ? and "alert_checked_at" is null')).toBe(true);
    // a request's own work, mail it queues included
    expect(isBackgroundStatement('insert into "outbox" ("kind") values (?)')).toBe(false);
    expect(isBackgroundStatement('delete from "login_attempts" where "email_hash" = ? and "address" = ?')).toBe(false);
    expect(isBackgroundStatement('select * from "challenges" inner join "users" on "users"."id" = "challenges"."user_id" where "token_hash" = ?')).toBe(false);
  });
});
