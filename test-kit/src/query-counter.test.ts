import { describe, expect, it } from 'vitest';
import { isBackgroundStatement, statementLabel } from './query-counter.js';

describe('query counter', () => {
  it('labels a statement by its verb and first table', () => {
    expect(statementLabel('update "users" set "x" = ? where "id" = ?')).toBe('UPDATE users');
    expect(statementLabel('select * from "challenges" inner join "users"')).toBe('SELECT challenges');
    expect(statementLabel('begin')).toBe('BEGIN');
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
