// Does the answer of POST /auth/password-reset tell a known email from an unknown one by its time?
// The backend runs in its own process (as for a real client: an in-process client would share
// the server's event loop). BENCH_RUNS (default 50) requests for known emails (each a different
// account, so the per-email limit never applies) and as many for unknown ones, interleaved, one at
// a time with a short pause (the work after each answer ends before the next request), each from
// its own X-Forwarded-For address (the per-address limit never applies). Prints the answer time
// (median, p90, mean) of each kind and the difference of medians. Nothing is asserted.
// Run: `npx tsx bench/password-reset-timing.ts` (SQLite) or `BENCH_DB=postgres npx tsx ...`.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { API_PREFIX } from '@rms/shared';
import { migrateServerDatabase, openServerDatabase } from '@rms/server/database';
import { createCompany, createUser } from '@rms/server/seeding';
import { spawnServer } from '@rms/test-kit/server-process';
import { testConfig } from '@rms/test-kit/test-server';
import { isMainModule, num, runStandalone } from './support/figures.js';
import type { Bench, BenchEngine, Figure } from './support/figures.js';

const runs = Number(process.env.BENCH_RUNS ?? 50);
const pauseMs = Number(process.env.BENCH_PAUSE_MS ?? 50);

function stats(values: number[]): { median: number; p90: number; mean: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  return { median: at(0.5), p90: at(0.9), mean: values.reduce((a, b) => a + b, 0) / values.length };
}

async function run({ engine }: { engine: BenchEngine }): Promise<Figure[]> {
  const { config, cleanup } = await testConfig({ engine });
  const handle = openServerDatabase(config);
  let server: Awaited<ReturnType<typeof spawnServer>> | null = null;
  try {
    await migrateServerDatabase(handle.db);
    const company = await createCompany(handle.db, { name: 'Timing' });
    const known: string[] = [];
    for (let i = 0; i < runs; i += 1) {
      const user = await createUser(handle.db, { companyId: company.id, email: `known${i}@timing.example`, name: `Known ${i}`, role: 'user', password: 'bench-password-long' });
      known.push(user.email);
    }
    server = await spawnServer({ ...config, trustProxy: true });
    const url = server.url;
    const answer: Record<'known' | 'unknown', number[]> = { known: [], unknown: [] };
    let address = 0;
    async function ask(email: string): Promise<number> {
      address += 1;
      const start = performance.now();
      const res = await fetch(`${url}${API_PREFIX}/auth/password-reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.9.${address >> 8}.${address & 255}` },
        body: JSON.stringify({ email }),
      });
      await res.text();
      const took = performance.now() - start;
      if (res.status !== 202) throw new Error(`expected 202, got ${res.status}`);
      await sleep(pauseMs);
      return took;
    }
    // Warm-up (JIT, connection pool, zod, the mail folder), not counted.
    for (let i = 0; i < 10; i += 1) await ask(i % 2 ? `warmup${i}@timing.example` : `known${runs - 1 - i}@timing.example`);
    for (let i = 0; i < runs; i += 1) {
      const order: ('known' | 'unknown')[] = i % 2 === 0 ? ['known', 'unknown'] : ['unknown', 'known'];
      for (const kind of order) answer[kind].push(await ask(kind === 'known' ? known[i]! : `nobody${i}@timing.example`));
    }
    await sleep(500);
    const queued = await handle.db.selectFrom('outbox').select('id').where('kind', '=', 'account_link').execute();
    const k = stats(answer.known);
    const u = stats(answer.unknown);
    const fmt = (n: number) => `${n.toFixed(2).padStart(7)} ms`;
    console.log(`POST /auth/password-reset, backend process on ${config.databaseUrl ? 'postgres' : 'sqlite'}, ${runs} requests of each kind, one at a time (${pauseMs} ms apart):`);
    console.log(`  known:   median ${fmt(k.median)}  p90 ${fmt(k.p90)}  mean ${fmt(k.mean)}`);
    console.log(`  unknown: median ${fmt(u.median)}  p90 ${fmt(u.p90)}  mean ${fmt(u.mean)}`);
    console.log(`  difference of medians (known - unknown): ${(k.median - u.median).toFixed(2)} ms`);
    console.log(`  reset emails queued: ${queued.length} (known requests, warm-up included: ${runs + 5})`);
    return [
      {
        figure: 'password-reset answer time, known / unknown email (median)',
        engine,
        value: `${num(k.median, 2)} ms`,
        baseline: `${num(u.median, 2)} ms`,
        ratio: k.median / u.median,
        goal: 'no difference beyond noise',
      },
    ];
  } finally {
    await server?.stop();
    await handle.close();
    await cleanup();
  }
}

export const bench: Bench = { name: 'password-reset-timing', engines: ['sqlite', 'postgres'], run };

if (isMainModule(import.meta.url)) await runStandalone(bench);
