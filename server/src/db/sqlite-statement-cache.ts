import type { Database as SqliteFile, Statement } from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct SQL texts kept prepared; the server's queries are a few hundred at most. */
export const STATEMENT_CACHE_SIZE = 512;

/**
 * The SQLite file as Kysely's dialect sees it, with each SQL text prepared once. Kysely prepares
 * every query it runs, and preparing (parsing and planning) cost more than running the small
 * statements of a sign-in: about a third of the database time on the main thread. A statement is
 * never run twice at once (Kysely runs one query at a time on the single SQLite connection), so
 * reusing it is safe; the least recently used falls out when the cache is full.
 */
export function withStatementCache(file: SqliteFile, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, Statement>();
  return {
    close: () => {
      cache.clear();
      file.close();
    },
    prepare(sql: string): SqliteStatement {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = file.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement as unknown as SqliteStatement;
    },
  };
}
