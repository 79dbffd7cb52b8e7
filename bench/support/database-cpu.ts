// The PostgreSQL server's own CPU during a bench's rounds (login and verify benches).
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { loopSampler } from './bench-server.js';

/**
 * CPU time (ms) of the PostgreSQL processes that serve this bench: the backends of its database
 * and the WAL writer, checkpointer and background writer (local server only; /proc). On the same
 * two cores, their work is taken from the server's as much as its own main thread's is.
 */
export async function databaseCpu(db: Kysely<unknown>): Promise<() => Map<number, number>> {
  const { rows } = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database() OR backend_type IN ('walwriter', 'checkpointer', 'background writer')`.execute(db);
  const pids = rows.map((r) => r.pid);
  return () => {
    const spent = new Map<number, number>();
    for (const pid of pids) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        spent.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
      } catch {
        // ended meanwhile (an idle pool connection closed): its share is not counted
      }
    }
    return spent;
  };
}

/** Wraps a side's `around` so it also adds up the database server's CPU during the side's rounds. */
export function withDatabaseCpu(around: ReturnType<typeof loopSampler>, read: (() => Map<number, number>) | null) {
  let mark = new Map<number, number>();
  let spent = 0;
  return {
    before() {
      around.before();
      mark = read?.() ?? mark;
    },
    after() {
      around.after();
      for (const [pid, ms] of read?.() ?? []) spent += ms - (mark.get(pid) ?? ms);
    },
    ms: () => (read ? spent : Number.NaN),
  };
}
