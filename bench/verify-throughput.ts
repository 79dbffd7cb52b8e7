// Verify-code throughput and p99 at 32 concurrent clients, as a ratio to the bare GET /health of the
// same server in the same run. Prints figures; asserts nothing.
//
//   npx tsx bench/verify-throughput.ts
//   VERIFY_REQUESTS=4000 BENCH_DB=postgres npx tsx bench/verify-throughput.ts
import { createHash } from 'node:crypto';
import { API_PREFIX } from '@rms/shared';
import { createCompany, issueChallenge } from '@rms/server/seeding';
import { insertBulkUsers } from '@rms/test-kit/bulk-users';
import { base32Encode, totpAt } from '@rms/test-kit/totp';
import { printPhase, runPhase, startBenchServer } from './support/bench-server.js';

const CONCURRENCY = 32;
/** Each verify uses its own account and challenge (a code is accepted once per account and step). */
const REQUESTS = Number(process.env.VERIFY_REQUESTS ?? 2_000);
const MAX_SECONDS = Number(process.env.VERIFY_MAX_SECONDS ?? 60);

/** A distinct, reproducible 160-bit base32 secret per account. */
function secretOf(index: number): string {
  return base32Encode(createHash('sha1').update(`verify-bench-${index}`).digest());
}

async function main(): Promise<void> {
  const bench = await startBenchServer();
  const { server } = bench;
  try {
    const now = Date.now();
    const company = await createCompany(server.db, { name: 'Verify Bench Co' });
    const users = await insertBulkUsers(server.db, {
      companyId: company.id, count: REQUESTS, prefix: 'verify', now, twoFactor: { secrets: server.context.secrets, secretOf },
    });
    const challenges: string[] = [];
    await server.db.transaction().execute(async (tx) => {
      for (const user of users) challenges.push((await issueChallenge(tx, { userId: user.id, purpose: 'code', now, clientAddress: '127.0.0.1' })).token);
    });
    const codes = users.map((_, i) => secretOf(i));
    const post = (i: number) =>
      fetch(`${server.url}${API_PREFIX}/auth/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ challenge: challenges[i], code: totpAt(codes[i]!, Date.now()) }),
      }).then(async (r) => {
        await r.arrayBuffer();
        return String(r.status);
      });
    const health = () => fetch(`${server.url}/health`).then(async (r) => {
      await r.arrayBuffer();
      return String(r.status);
    });

    console.log(`verify-throughput: ${CONCURRENCY} concurrent clients, ${REQUESTS} requests per phase, ${bench.engine}, loopback, Node ${process.version}`);
    // Warm both routes (JIT, connection pool) before measuring.
    await runPhase('warm-up', 200, CONCURRENCY, 30, health);
    const bare = await runPhase('GET /health (bare route)', REQUESTS, CONCURRENCY, MAX_SECONDS, health);
    printPhase(bare);
    const verify = await runPhase('POST /auth/verify', REQUESTS, CONCURRENCY, MAX_SECONDS, post);
    printPhase(verify);
    console.log(`throughput ratio verify / health: ${(verify.perSecond / bare.perSecond).toFixed(3)}`);
    console.log(`p99 ratio verify / health:        ${(verify.p99Ms / bare.p99Ms).toFixed(2)}`);
    if (verify.statuses['200'] !== verify.requests) console.log('note: not every verify succeeded; see the status counts above.');
  } finally {
    await bench.close();
  }
}

await main();
