// Load bench: N concurrent simulated users signing in (password → code) against one backend
// process on PostgreSQL for a fixed time. Prints throughput, p50/p99 per phase and errors by code.
//
//   npx tsx bench/load-signin.ts
//   LOAD_DURATION_S=60 LOAD_CONCURRENCY=200 LOAD_ACCOUNTS=6000 DATABASE_URL=postgres://... npx tsx bench/load-signin.ts
//
// Without DATABASE_URL a fresh database is created on TEST_POSTGRES_URL's cluster
// (default postgres://postgres@127.0.0.1:5432/postgres) and dropped at the end.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_PREFIX } from '@rms/shared';
import { migrateServerDatabase, openServerDatabase } from '@rms/server/database';
import { createCompany, createSecretBox } from '@rms/server/seeding';
import { BULK_PASSWORD, insertBulkUsers } from '@rms/test-kit/bulk-users';
import { spawnServer } from '@rms/test-kit/server-process';
import { createPostgresDatabase } from '@rms/test-kit/test-database';
import { base32Encode, timeStep, totpForStep } from '@rms/test-kit/totp';

const DURATION_S = Number(process.env.LOAD_DURATION_S ?? 60);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 200);
/** Accounts: each may accept one code per 30-s step, so there must be more than a step's worth of sign-ins. */
const ACCOUNTS = Number(process.env.LOAD_ACCOUNTS ?? 6_000);
const REQUEST_TIMEOUT_MS = 120_000;

/** A distinct, reproducible 160-bit base32 secret per account. */
function secretOf(index: number): string {
  return base32Encode(createHash('sha1').update(`load-account-${index}`).digest());
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface Stats {
  latencies: Record<'login' | 'verify', number[]>;
  errors: Map<string, number>;
  signIns: number;
  waits: number;
}

async function post(url: string, path: string, body: unknown, clientAddress: string): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${url}${API_PREFIX}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': clientAddress },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { error: 'not_json' };
  }
  return { status: response.status, body: parsed, ms };
}

async function main(): Promise<void> {
  const owned = process.env.DATABASE_URL ? null : await createPostgresDatabase();
  const databaseUrl = process.env.DATABASE_URL ?? owned!.url;
  const dataDir = mkdtempSync(join(tmpdir(), 'rms-load-'));
  const secretKey = randomBytes(32);
  const handle = openServerDatabase({ databaseUrl, sqlitePath: join(dataDir, 'unused.sqlite') });
  let server: Awaited<ReturnType<typeof spawnServer>> | null = null;
  try {
    await migrateServerDatabase(handle.db);
    const seedStarted = performance.now();
    const company = await createCompany(handle.db, { name: `Load ${randomBytes(3).toString('hex')}` });
    const prefix = `load.${company.id.slice(0, 8)}.`;
    const users = await insertBulkUsers(handle.db, {
      companyId: company.id,
      count: ACCOUNTS,
      prefix,
      now: Date.now(),
      twoFactor: { secrets: createSecretBox(secretKey), secretOf },
    });
    console.info(`Seeded ${users.length} accounts with 2FA in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s.`);
    // Each simulated person signs in from their own machine (X-Forwarded-For through a trusted proxy),
    // as they would in production; from one address, the per-address password throttle (100 per 15 min) would refuse them.
    server = await spawnServer({ dataDir, databaseUrl, secretKey, smtpUrl: null, trustProxy: true });
    console.info(`Backend process ${server.child.pid} at ${server.url}; ${CONCURRENCY} simulated users for ${DURATION_S} s…`);

    const stats: Stats = { latencies: { login: [], verify: [] }, errors: new Map(), signIns: 0, waits: 0 };
    const lastStep = new Array<number>(ACCOUNTS).fill(-1);
    const note = (phase: string, status: number, error: unknown) => {
      const key = `${phase} ${status} ${String(error ?? '')}`.trim();
      stats.errors.set(key, (stats.errors.get(key) ?? 0) + 1);
    };
    const deadline = Date.now() + DURATION_S * 1000;
    const perUser = Math.floor(ACCOUNTS / CONCURRENCY);

    // Each simulated person owns a slice of accounts and uses each at most once per 30-s step (the replay rule).
    const simulatedUser = async (vu: number) => {
      const mine = Array.from({ length: perUser }, (_, i) => vu * perUser + i);
      const address = `10.${(vu >> 8) & 255}.${vu & 255}.${1 + (vu % 250)}`;
      let cursor = 0;
      while (Date.now() < deadline) {
        const step = timeStep(Date.now());
        const offset = mine.findIndex((_, k) => lastStep[mine[(cursor + k) % mine.length]!]! < step);
        const index = offset < 0 ? undefined : mine[(cursor + offset) % mine.length]!;
        if (index === undefined) {
          stats.waits += 1;
          await new Promise((r) => setTimeout(r, Math.min(1_000, 30_000 - (Date.now() % 30_000) + 50)));
          continue;
        }
        cursor = (cursor + offset + 1) % mine.length;
        const user = users[index]!;
        try {
          const login = await post(server!.url, '/auth/login', { email: user.email, password: BULK_PASSWORD }, address);
          stats.latencies.login.push(login.ms);
          if (login.status !== 200 || login.body.status !== 'code_required') {
            note('login', login.status, login.body.error ?? login.body.status);
            continue;
          }
          const codeStep = timeStep(Date.now());
          if (codeStep <= lastStep[index]!) continue;
          lastStep[index] = codeStep;
          const verify = await post(server!.url, '/auth/verify', { challenge: login.body.challenge, code: totpForStep(secretOf(index), codeStep) }, address);
          stats.latencies.verify.push(verify.ms);
          if (verify.status !== 200) note('verify', verify.status, verify.body.error);
          else stats.signIns += 1;
        } catch (error) {
          note('network', 0, (error as Error).name);
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, vu) => simulatedUser(vu)));
    const seconds = (performance.now() - started) / 1000;

    const line = (phase: 'login' | 'verify') => {
      const sorted = [...stats.latencies[phase]].sort((a, b) => a - b);
      return `${phase.padEnd(7)} n=${String(sorted.length).padStart(6)}  p50=${percentile(sorted, 50).toFixed(1)} ms  p99=${percentile(sorted, 99).toFixed(1)} ms  max=${(sorted.at(-1) ?? NaN).toFixed(1)} ms`;
    };
    const throttled = [...stats.errors.entries()].filter(([k]) => / 429 /.test(k)).reduce((n, [, v]) => n + v, 0);
    const unexpected = [...stats.errors.entries()].filter(([k]) => !/ 429 /.test(k));
    console.info('');
    console.info(`Load: ${CONCURRENCY} concurrent users, ${seconds.toFixed(1)} s, PostgreSQL, one backend process, ${ACCOUNTS} accounts`);
    console.info(`Completed sign-ins (password + code): ${stats.signIns}  → ${(stats.signIns / seconds).toFixed(1)} sign-ins/s, ${((stats.latencies.login.length + stats.latencies.verify.length) / seconds).toFixed(1)} requests/s`);
    console.info(line('login'));
    console.info(line('verify'));
    console.info(`Errors by code: ${stats.errors.size ? [...stats.errors.entries()].map(([k, v]) => `${k}×${v}`).join(', ') : 'none'}`);
    console.info(`Intended throttling (429): ${throttled}; unexpected errors: ${unexpected.reduce((n, [, v]) => n + v, 0)}; waits for a fresh step: ${stats.waits}`);
    if (unexpected.length) process.exitCode = 1;
  } finally {
    await server?.stop();
    await handle.close();
    await owned?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
