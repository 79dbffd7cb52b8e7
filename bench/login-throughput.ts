// Password sign-in throughput as a ratio to raw argon2id verification (the same OWASP parameters,
// m = 19 MiB, t = 2, p = 1) in the same process and run. Prints figures; asserts nothing.
//
//   npx tsx bench/login-throughput.ts
//   LOGIN_REQUESTS=400 BENCH_DB=postgres npx tsx bench/login-throughput.ts
import { verify } from '@node-rs/argon2';
import { API_PREFIX } from '@rms/shared';
import { createCompany } from '@rms/server/seeding';
import { BULK_PASSWORD, bulkPasswordHash, insertBulkUsers } from '@rms/test-kit/bulk-users';
import { printPhase, runPhase, startBenchServer } from './support/bench-server.js';

const CONCURRENCY = Number(process.env.LOGIN_CONCURRENCY ?? 32);
const REQUESTS = Number(process.env.LOGIN_REQUESTS ?? 200);
const MAX_SECONDS = Number(process.env.LOGIN_MAX_SECONDS ?? 60);

async function main(): Promise<void> {
  const bench = await startBenchServer();
  const { server } = bench;
  try {
    const company = await createCompany(server.db, { name: 'Login Bench Co' });
    // 2FA off: a correct password completes the sign-in (session issued), the full login path.
    const users = await insertBulkUsers(server.db, { companyId: company.id, count: REQUESTS, prefix: 'login', now: Date.now() });
    const hash = await bulkPasswordHash();
    const login = (i: number) =>
      fetch(`${server.url}${API_PREFIX}/auth/login`, {
        method: 'POST',
        // One address per simulated person: the per-address throttle must not be what is measured.
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
        body: JSON.stringify({ email: users[i]!.email, password: BULK_PASSWORD }),
      }).then(async (r) => {
        await r.arrayBuffer();
        return String(r.status);
      });
    const raw = () => verify(hash, BULK_PASSWORD).then((ok) => (ok ? 'ok' : 'mismatch'));

    console.log(`login-throughput: ${CONCURRENCY} concurrent, ${REQUESTS} per phase, ${bench.engine}, loopback, Node ${process.version}, UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}`);
    await runPhase('warm-up', 8, 4, 30, raw);
    const hashing = await runPhase('raw argon2id verify', REQUESTS, CONCURRENCY, MAX_SECONDS, raw);
    printPhase(hashing);
    const logins = await runPhase('POST /auth/login', REQUESTS, CONCURRENCY, MAX_SECONDS, login);
    printPhase(logins);
    console.log(`throughput ratio login / raw argon2id: ${(logins.perSecond / hashing.perSecond).toFixed(3)}`);
    if (logins.statuses['200'] !== logins.requests) console.log('note: not every login succeeded; see the status counts above.');
  } finally {
    await bench.close();
  }
}

await main();
