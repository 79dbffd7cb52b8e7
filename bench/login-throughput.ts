// Password sign-in throughput as a ratio to raw argon2id verification (the same OWASP parameters,
// m = 19 MiB, t = 2, p = 1) in the same process and run, with where the difference goes: the
// event-loop delay during each, measured in alternating rounds, and the database round trips of one login (Kysely's log
// option). Prints figures; asserts nothing.
//
//   npx tsx bench/login-throughput.ts
//   LOGIN_REQUESTS=400 BENCH_DB=postgres npx tsx bench/login-throughput.ts
//   BENCH_PROFILE=.tmp npx tsx bench/login-throughput.ts   # + the login phase's CPU profile
import { verify } from '@node-rs/argon2';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { API_PREFIX } from '@rms/shared';
import { createCompany } from '@rms/server/seeding';
import { BULK_PASSWORD, bulkPasswordHash, insertBulkUsers } from '@rms/test-kit/bulk-users';
import { benchClient, loopSampler, printPhase, profiled, runPaired, runPhase, startBenchServer } from './support/bench-server.js';
import { databaseCpu, withDatabaseCpu } from './support/database-cpu.js';
import { isMainModule, num, runStandalone } from './support/figures.js';
import type { Bench, BenchEngine, Figure } from './support/figures.js';
import { queryCounter } from '@rms/test-kit/query-counter';

const CONCURRENCY = Number(process.env.LOGIN_CONCURRENCY ?? 32);
const REQUESTS = Number(process.env.LOGIN_REQUESTS ?? 400);
const MAX_SECONDS = Number(process.env.LOGIN_MAX_SECONDS ?? 120);
/** Alternating rounds of raw and login (see runPaired). */
const ROUNDS = Number(process.env.LOGIN_ROUNDS ?? 4);
/** Logins before the measured phase (JIT, statement cache), each on its own account and address. */
const WARM_UP = 32;

/**
 * PostgreSQL: the writes to the login path's tables since the database was created (the bench's
 * users and warm-up included), and how many of the updates were heap-only (HOT: no index entry
 * written). Answers one line.
 */
async function tableWrites(db: Kysely<unknown>): Promise<string> {
  await sql`SELECT pg_stat_force_next_flush()`.execute(db);
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const { rows } = await sql<{ relname: string; ins: string; upd: string; hot: string; del: string }>`SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_hot_upd AS hot, n_tup_del AS del FROM pg_stat_user_tables WHERE relname IN ('users', 'login_attempts', 'sessions') ORDER BY relname`.execute(db);
  return rows.map((r) => `${r.relname} ${r.ins} inserted, ${r.upd} updated (${r.hot} HOT), ${r.del} deleted`).join('; ');
}

async function run({ engine }: { engine: BenchEngine }): Promise<Figure[]> {
  const counter = queryCounter();
  const bench = await startBenchServer({ engine, queryLog: counter.log });
  const { server } = bench;
  const client = benchClient(server.url, CONCURRENCY);
  try {
    const company = await createCompany(server.db, { name: 'Login Bench Co' });
    // 2FA off: a correct password completes the sign-in (session issued), the full login path.
    const users = await insertBulkUsers(server.db, { companyId: company.id, count: WARM_UP + 1 + REQUESTS, prefix: 'login', now: Date.now() });
    const hash = await bulkPasswordHash();
    // One address per simulated person: the per-address throttle must not be what is measured.
    const login = (i: number) =>
      client.send('POST', `${API_PREFIX}/auth/login`, { email: users[i]!.email, password: BULK_PASSWORD }, {
        'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      });
    const raw = () => verify(hash, BULK_PASSWORD).then((ok) => (ok ? 'ok' : 'mismatch'));

    console.log(`login-throughput: ${CONCURRENCY} concurrent, ${REQUESTS} per phase, ${bench.engine}, loopback, client ${client.kind}, Node ${process.version}, UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}`);
    await runPhase('warm-up raw', 8, 4, 30, raw);
    await runPhase('warm-up POST /auth/login', WARM_UP, 8, 30, login);
    counter.start();
    const status = await login(WARM_UP);
    const trips = counter.take();
    console.log(`one POST /auth/login (${status}): ${trips.roundTrips} round trips, ${trips.writes} writes: ${trips.statements.join(' → ')}`);
    // Raw and login in alternating rounds: both see the same load of the shared machine.
    const rawLoop = loopSampler();
    const loginLoop = loopSampler();
    const readDatabaseCpu = bench.engine === 'postgres' ? await databaseCpu(server.db as Kysely<unknown>) : null;
    const rawAround = withDatabaseCpu(rawLoop, readDatabaseCpu);
    const loginAround = withDatabaseCpu(loginLoop, readDatabaseCpu);
    const [hashing, logins] = await profiled(`login-${bench.engine}`, () =>
      runPaired(REQUESTS, ROUNDS, CONCURRENCY, MAX_SECONDS, [
        { name: 'raw argon2id verify', op: raw, around: rawAround },
        { name: 'POST /auth/login', op: (i) => login(WARM_UP + 1 + i), around: loginAround },
      ]),
    );
    printPhase(hashing);
    printPhase(logins);
    const pct = (x: number) => `${num(100 * x)} %`;
    console.log(`event loop, raw vs login: delay p99 ${num(rawLoop.p99Ms(), 1)} vs ${num(loginLoop.p99Ms(), 1)} ms, utilisation ${pct(rawLoop.utilisation())} vs ${pct(loginLoop.utilisation())}; main-thread CPU per operation ${num(rawLoop.cpuMs() / hashing.requests, 2)} vs ${num(loginLoop.cpuMs() / logins.requests, 2)} ms`);
    const perOp = (ms: number, n: number) => num(ms / n, 2);
    const [rawSwitches, loginSwitches] = [rawLoop.switches(), loginLoop.switches()];
    console.log(
      `main thread per operation, raw vs login: went to sleep ${perOp(rawSwitches.sleeps, hashing.requests)} vs ${perOp(loginSwitches.sleeps, logins.requests)} times, ` +
        `preempted ${perOp(rawSwitches.preempted, hashing.requests)} vs ${perOp(loginSwitches.preempted, logins.requests)} times`,
    );
    console.log(
      `CPU per operation, raw vs login: whole process ${perOp(rawLoop.processCpuMs(), hashing.requests)} vs ${perOp(loginLoop.processCpuMs(), logins.requests)} ms` +
        (readDatabaseCpu ? `; PostgreSQL processes ${perOp(rawAround.ms(), hashing.requests)} vs ${perOp(loginAround.ms(), logins.requests)} ms` : ''),
    );
    if (bench.engine === 'postgres') console.log(`PostgreSQL writes since setup (HOT = no index entry written): ${await tableWrites(server.db as Kysely<unknown>)}`);
    if (logins.statuses['200'] !== logins.requests) console.log('note: not every login succeeded; see the status counts above.');
    return [
      {
        figure: 'login throughput / raw argon2id verify (32 clients)',
        engine: bench.engine,
        value: `${num(logins.perSecond, 1)}/s`,
        baseline: `${num(hashing.perSecond, 1)}/s`,
        ratio: logins.perSecond / hashing.perSecond,
        goal: '≥ 0.9×',
      },
      {
        figure: 'login p99 / raw argon2id p99',
        engine: bench.engine,
        value: `${num(logins.p99Ms)} ms`,
        baseline: `${num(hashing.p99Ms)} ms`,
        ratio: logins.p99Ms / hashing.p99Ms,
        goal: '≤ 1.5×',
      },
      {
        figure: 'login: round trips (writes); event loop delay p99, utilisation',
        engine: bench.engine,
        value: `${trips.roundTrips} (${trips.writes}); ${num(loginLoop.p99Ms(), 1)} ms, ${pct(loginLoop.utilisation())}`,
        baseline: `raw: ${num(rawLoop.p99Ms(), 1)} ms, ${pct(rawLoop.utilisation())}`,
        ratio: null,
        goal: '—',
      },
    ];
  } finally {
    client.close();
    await bench.close();
  }
}

export const bench: Bench = { name: 'login-throughput', engines: ['sqlite', 'postgres'], run };

if (isMainModule(import.meta.url)) await runStandalone(bench);
