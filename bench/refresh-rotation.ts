// Refresh-token rotations per second per core: 32 clients each rotate their own session family in
// a chain (every answer's refresh token is the next request's), against the bare GET /health in
// alternating rounds of the same run. "Per core" is rotations per CPU-second of this process
// (server and client together: the server is one event loop, so that is what one core gives).
// Prints figures; asserts nothing.
//
//   npx tsx bench/refresh-rotation.ts
//   REFRESH_REQUESTS=8000 BENCH_DB=postgres npx tsx bench/refresh-rotation.ts
import { API_PREFIX } from '@rms/shared';
import { createCompany } from '@rms/server/seeding';
import { BULK_PASSWORD, insertBulkUsers } from '@rms/test-kit/bulk-users';
import { benchClient, loopSampler, printPhase, runPaired, runPhase, startBenchServer } from './support/bench-server.js';
import { isMainModule, num, runStandalone } from './support/figures.js';
import type { Bench, BenchEngine, Figure } from './support/figures.js';

const CONCURRENCY = 32;
const REQUESTS = Number(process.env.REFRESH_REQUESTS ?? 4_000);
const ROUNDS = Number(process.env.REFRESH_ROUNDS ?? 4);
const MAX_SECONDS = Number(process.env.REFRESH_MAX_SECONDS ?? 120);

interface SessionAnswer {
  session: { refreshToken: string };
}

async function run({ engine }: { engine: BenchEngine }): Promise<Figure[]> {
  const bench = await startBenchServer({ engine });
  const client = benchClient(bench.server.url, CONCURRENCY);
  try {
    const company = await createCompany(bench.server.db, { name: 'Refresh Bench Co' });
    const users = await insertBulkUsers(bench.server.db, { companyId: company.id, count: CONCURRENCY, prefix: 'refresh', now: Date.now() });
    // One password sign-in per client (2FA off): its family is then rotated in a chain.
    const tokens = await Promise.all(
      users.map(async (user) => {
        const answer = await client.json<SessionAnswer>('POST', `${API_PREFIX}/auth/login`, { email: user.email, password: BULK_PASSWORD });
        if (answer.status !== 200) throw new Error(`Sign-in for the bench answered ${answer.status}.`);
        return answer.body.session.refreshToken;
      }),
    );
    // Each request takes a family no other request holds (32 workers, 32 families: one is always
    // free) and puts it back with the token the answer gave, so every family rotates in a chain.
    const free = tokens.map((_, family) => family);
    const rotate = async () => {
      const family = free.pop();
      if (family === undefined) throw new Error('No free session family: more workers than families.');
      try {
        const answer = await client.json<SessionAnswer>('POST', `${API_PREFIX}/auth/refresh`, { refreshToken: tokens[family]! });
        if (answer.status === 200) tokens[family] = answer.body.session.refreshToken;
        return String(answer.status);
      } finally {
        free.push(family);
      }
    };
    const health = () => client.send('GET', '/health');

    console.log(`refresh-rotation: ${CONCURRENCY} session families rotated in chains, ${REQUESTS} requests per side, ${bench.engine}, client ${client.kind}, Node ${process.version}`);
    await runPhase('warm-up GET /health', 200, CONCURRENCY, 30, health);
    await runPhase('warm-up POST /auth/refresh', 200, CONCURRENCY, 30, rotate);
    const healthCpu = loopSampler();
    const refreshCpu = loopSampler();
    const [bare, rotations] = await runPaired(REQUESTS, ROUNDS, CONCURRENCY, MAX_SECONDS, [
      { name: 'GET /health (bare route)', op: health, around: healthCpu },
      { name: 'POST /auth/refresh', op: rotate, around: refreshCpu },
    ]);
    printPhase(bare);
    printPhase(rotations);
    const rotated = rotations.statuses['200'] ?? 0;
    const perCore = rotated / (refreshCpu.processCpuMs() / 1000);
    const healthPerCore = (bare.statuses['200'] ?? 0) / (healthCpu.processCpuMs() / 1000);
    console.log(`per CPU-second of this process: ${num(perCore)} rotations vs ${num(healthPerCore)} health requests (${num(refreshCpu.processCpuMs())} / ${num(healthCpu.processCpuMs())} ms CPU)`);
    if (rotated !== rotations.requests) console.log('note: not every rotation succeeded; see the status counts above.');
    return [
      {
        figure: 'refresh-token rotations per CPU-second (server + client)',
        engine: bench.engine,
        value: `${num(perCore)}/s`,
        baseline: `GET /health ${num(healthPerCore)}/s`,
        ratio: perCore / healthPerCore,
        goal: '≥ 1,000/s',
      },
    ];
  } finally {
    client.close();
    await bench.close();
  }
}

export const bench: Bench = { name: 'refresh-rotation', engines: ['sqlite', 'postgres'], run };

if (isMainModule(import.meta.url)) await runStandalone(bench);
