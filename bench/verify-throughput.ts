// Verify-code throughput and p99 at 32 concurrent clients, as a ratio to the bare GET /health of the
// same server in the same run, and the database round trips and writes of one successful verify
// (counted through Kysely's log option). Prints figures; asserts nothing.
//
//   npx tsx bench/verify-throughput.ts
//   VERIFY_REQUESTS=4000 BENCH_DB=postgres npx tsx bench/verify-throughput.ts
import { createHash } from 'node:crypto';
import { API_PREFIX } from '@rms/shared';
import { createCompany, issueChallenge } from '@rms/server/seeding';
import { insertBulkUsers } from '@rms/test-kit/bulk-users';
import { base32Encode, totpAt } from '@rms/test-kit/totp';
import type { Kysely } from 'kysely';
import { benchClient, loopSampler, printPhase, profiled, runPaired, runPhase, startBenchServer } from './support/bench-server.js';
import { databaseCpu, withDatabaseCpu } from './support/database-cpu.js';
import { isMainModule, num, runStandalone } from './support/figures.js';
import type { Bench, BenchEngine, Figure } from './support/figures.js';
import { queryCounter } from '@rms/test-kit/query-counter';

const CONCURRENCY = 32;
/** Each verify uses its own account and challenge (a code is accepted once per account and step). */
const REQUESTS = Number(process.env.VERIFY_REQUESTS ?? 2_000);
const MAX_SECONDS = Number(process.env.VERIFY_MAX_SECONDS ?? 120);
/** Verifies before the measured phase (JIT, statement cache, connection pool), each on its own account. */
const WARM_UP = 200;
/** Alternating rounds of health and verify (see runPaired). */
const ROUNDS = Number(process.env.VERIFY_ROUNDS ?? 4);

/** A distinct, reproducible 160-bit base32 secret per account. */
function secretOf(index: number): string {
  return base32Encode(createHash('sha1').update(`verify-bench-${index}`).digest());
}

async function run({ engine }: { engine: BenchEngine }): Promise<Figure[]> {
  const counter = queryCounter();
  const bench = await startBenchServer({ engine, queryLog: counter.log });
  const { server } = bench;
  const client = benchClient(server.url, CONCURRENCY);
  try {
    const now = Date.now();
    const total = WARM_UP + 1 + REQUESTS;
    const company = await createCompany(server.db, { name: 'Verify Bench Co' });
    const users = await insertBulkUsers(server.db, {
      companyId: company.id, count: total, prefix: 'verify', now, twoFactor: { secrets: server.context.secrets, secretOf },
    });
    const challenges: string[] = [];
    await server.db.transaction().execute(async (tx) => {
      for (const user of users) challenges.push((await issueChallenge(tx, { userId: user.id, purpose: 'code', now, clientAddress: '127.0.0.1' })).token);
    });
    const codes = users.map((_, i) => secretOf(i));
    const verifyAt = (i: number) =>
      client.send('POST', `${API_PREFIX}/auth/verify`, { challenge: challenges[i], code: totpAt(codes[i]!, Date.now()) });
    const health = () => client.send('GET', '/health');

    console.log(`verify-throughput: ${CONCURRENCY} concurrent clients, ${REQUESTS} requests per phase, ${bench.engine}, loopback, client ${client.kind}, Node ${process.version}`);
    await runPhase('warm-up GET /health', WARM_UP, CONCURRENCY, 30, health);
    await runPhase('warm-up POST /auth/verify', WARM_UP, CONCURRENCY, 30, verifyAt);
    // One verify alone, every statement recorded: the success path's round trips.
    counter.start();
    const status = await verifyAt(WARM_UP);
    const trips = counter.take();
    console.log(`one POST /auth/verify (${status}): ${trips.roundTrips} round trips, ${trips.writes} writes: ${trips.statements.join(' → ')}`);
    // Health and verify in alternating rounds: both see the same load of the shared machine.
    const healthLoop = loopSampler();
    const verifyLoop = loopSampler();
    const readDatabaseCpu = bench.engine === 'postgres' ? await databaseCpu(server.db as Kysely<unknown>) : null;
    const healthAround = withDatabaseCpu(healthLoop, readDatabaseCpu);
    const verifyAround = withDatabaseCpu(verifyLoop, readDatabaseCpu);
    const [bare, verify] = await profiled(`verify-${bench.engine}`, () =>
      runPaired(REQUESTS, ROUNDS, CONCURRENCY, MAX_SECONDS, [
        { name: 'GET /health (bare route)', op: health, around: healthAround },
        { name: 'POST /auth/verify', op: (i) => verifyAt(WARM_UP + 1 + i), around: verifyAround },
      ]),
    );
    printPhase(bare);
    printPhase(verify);
    // CPU per request is what the throughput ratio comes to on a machine nobody else loads (the
    // event loop is the bottleneck); it is less sensitive to other jobs than requests per second.
    const healthCpu = healthLoop.cpuMs() / bare.requests;
    const verifyCpu = verifyLoop.cpuMs() / verify.requests;
    console.log(`main-thread CPU per request (server and client), health vs verify: ${num(healthCpu, 3)} vs ${num(verifyCpu, 3)} ms (${num(healthCpu / verifyCpu, 2)}×)`);
    if (readDatabaseCpu) console.log(`PostgreSQL processes' CPU per request, health vs verify: ${num(healthAround.ms() / bare.requests, 3)} vs ${num(verifyAround.ms() / verify.requests, 3)} ms`);
    if (verify.statuses['200'] !== verify.requests) console.log('note: not every verify succeeded; see the status counts above.');
    return [
      {
        figure: 'verify-code throughput / GET /health (32 clients)',
        engine: bench.engine,
        value: `${num(verify.perSecond)}/s`,
        baseline: `${num(bare.perSecond)}/s`,
        ratio: verify.perSecond / bare.perSecond,
        goal: '≥ 0.5×',
      },
      {
        figure: 'verify-code p99 / GET /health p99',
        engine: bench.engine,
        value: `${num(verify.p99Ms, 1)} ms`,
        baseline: `${num(bare.p99Ms, 1)} ms`,
        ratio: verify.p99Ms / bare.p99Ms,
        goal: '≤ 2×',
      },
      {
        figure: 'verify success path: round trips (writes)',
        engine: bench.engine,
        value: `${trips.roundTrips} (${trips.writes})`,
        baseline: '11 (5) before issue 13',
        ratio: null,
        goal: 'one transaction, no re-read',
      },
    ];
  } finally {
    client.close();
    await bench.close();
  }
}

export const bench: Bench = { name: 'verify-throughput', engines: ['sqlite', 'postgres'], run };

if (isMainModule(import.meta.url)) await runStandalone(bench);
