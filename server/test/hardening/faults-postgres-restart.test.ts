import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { API_PREFIX } from '@rms/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BULK_PASSWORD, insertBulkUsers } from '@rms/test-kit/bulk-users';
import { createTestClock } from '@rms/test-kit/clock';
import { testEngine } from '@rms/test-kit/test-database';
import { httpRequest } from '@rms/test-kit/test-server';
import type { Answer } from '@rms/test-kit/test-server';
import { totpAt } from '@rms/test-kit/totp';
import { loadConfig } from '../../src/config.js';
import { createCompany } from '../../src/domain/companies.js';
import { startServer } from '../../src/start-server.js';
import type { RunningServer } from '../../src/start-server.js';
import { startThrowawayPostgres, throwawayPostgresUnavailable } from './support/throwaway-postgres.js';
import type { ThrowawayPostgres } from './support/throwaway-postgres.js';

// Runs in the server-postgres project only (it brings its own cluster, so once is enough).
const unavailable = testEngine !== 'postgres' ? 'runs in the server-postgres project only' : throwawayPostgresUnavailable();
if (unavailable && testEngine === 'postgres') console.info(`[fault] PostgreSQL restart test skipped: ${unavailable}`);

const REQUEST_TIMEOUT_MS = 12_000;
const WORKERS = 6;
const USERS_PER_WORKER = 15;

let cluster: ThrowawayPostgres | undefined;
let server: RunningServer | undefined;
let dataDir = '';
const clock = createTestClock();

beforeAll(async () => {
  if (unavailable) return;
  cluster = await startThrowawayPostgres();
  dataDir = mkdtempSync(join(tmpdir(), 'rms-pg-restart-'));
  const config = loadConfig({}, { dataDir, databaseUrl: cluster.url, secretKey: randomBytes(32), secretKeySource: 'env', smtpUrl: null, logLevel: 'silent' });
  server = await startServer(config, { port: 0, host: '127.0.0.1', now: clock.now, logger: pino({ level: 'silent' }) });
}, 90_000);

afterAll(async () => {
  await server?.close().catch(() => undefined);
  cluster?.destroy();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

type Phase = 'before' | 'outage' | 'after';

interface Outcome {
  phase: Phase;
  what: string;
  status: number;
  error?: string;
}

describe.skipIf(unavailable !== null)('fault: PostgreSQL restarted under load', () => {
  it('answers 503 service_unavailable meanwhile (never 500, never a hang), recovers, and leaves no half-written enrollment', async () => {
    const db = server!.db;
    const company = await createCompany(db, { name: `Restart ${randomBytes(3).toString('hex')}` });
    const users = await insertBulkUsers(db, { companyId: company.id, count: WORKERS * USERS_PER_WORKER, prefix: `restart.${randomBytes(3).toString('hex')}.`, now: clock.now() });
    let phase: Phase = 'before';
    let running = true;
    const outcomes: Outcome[] = [];
    const call = async (what: string, method: string, path: string, body?: unknown, token?: string): Promise<Answer> => {
      const started = Date.now();
      const answer = await Promise.race([
        httpRequest<Record<string, unknown>>(server!.url, method, path, { body, token }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} hung for ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS)),
      ]);
      outcomes.push({ phase, what, status: answer.status, error: typeof answer.body?.error === 'string' ? answer.body.error : undefined });
      expect(Date.now() - started).toBeLessThan(REQUEST_TIMEOUT_MS);
      return answer;
    };
    const completed = new Set<string>();

    // Each worker walks its users through sign-in → start → confirm → complete, retrying a step that failed.
    const worker = async (w: number) => {
      const mine = users.slice(w * USERS_PER_WORKER, (w + 1) * USERS_PER_WORKER);
      for (const user of mine) {
        let token: string | null = null;
        let secret: string | null = null;
        let confirmed = false;
        for (let attempt = 0; running && attempt < 400; attempt += 1) {
          if (!token) {
            const login = await call('login', 'POST', `${API_PREFIX}/auth/login`, { email: user.email, password: BULK_PASSWORD });
            if (login.status === 200) token = (login.body.session as { accessToken: string }).accessToken;
          } else if (!secret) {
            const start = await call('enroll-start', 'POST', `${API_PREFIX}/me/two-factor/enrollment`, undefined, token);
            if (start.status === 200) secret = String(start.body.secret);
          } else if (!confirmed) {
            const confirm = await call('enroll-confirm', 'POST', `${API_PREFIX}/me/two-factor/enrollment/confirm`, { code: totpAt(secret, clock.now()) }, token);
            if (confirm.status === 200) confirmed = true;
          } else {
            const complete = await call('enroll-complete', 'POST', `${API_PREFIX}/me/two-factor/enrollment/complete`, { backupCodeSaved: true }, token);
            // 409 two_factor_already_enabled: a previous try committed but its answer was lost with the database.
            if (complete.status === 200 || complete.body.error === 'two_factor_already_enabled') {
              completed.add(user.id);
              break;
            }
          }
          await call('me', 'GET', `${API_PREFIX}/me`, undefined, token ?? 'no-token-yet-xxxxxxxx');
          await call('health', 'GET', '/health');
          if (phase === 'outage') await new Promise((r) => setTimeout(r, 20));
        }
      }
    };
    const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    await new Promise((r) => setTimeout(r, 1_500));
    // Two outages: a clean shutdown (sessions terminated with 57P01), then a crash (no goodbye).
    for (const mode of ['fast', 'immediate'] as const) {
      phase = 'outage';
      cluster!.stop(mode);
      await new Promise((r) => setTimeout(r, 2_000));
      cluster!.start();
      phase = 'after';
      await new Promise((r) => setTimeout(r, 1_500));
    }
    const restartedAt = Date.now();
    await Promise.race([load, new Promise((r) => setTimeout(r, 60_000))]);
    running = false;
    await load;

    const during = outcomes.filter((o) => o.phase === 'outage');
    const summary = (list: Outcome[]) => {
      const m = new Map<string, number>();
      for (const o of list) m.set(`${o.status} ${o.error ?? ''}`.trim(), (m.get(`${o.status} ${o.error ?? ''}`.trim()) ?? 0) + 1);
      return [...m.entries()].map(([k, n]) => `${k}×${n}`).join(', ');
    };
    console.info(`[fault] PostgreSQL restart: before: ${summary(outcomes.filter((o) => o.phase === 'before'))}; outage: ${summary(during)}; after: ${summary(outcomes.filter((o) => o.phase === 'after'))}; all ${completed.size}/${users.length} enrollments completed ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after the second restart (2 outages: fast shutdown, crash)`);

    // Never a 500: every failure is a 503 service_unavailable (health says "unavailable"), or an expected 401 before a token exists.
    expect(outcomes.filter((o) => o.status >= 500 && o.status !== 503)).toEqual([]);
    const unexpected = outcomes.filter(
      (o) => o.status >= 400 && o.status !== 503 && !(o.what === 'me' && o.error === 'unauthorized') && !(o.what === 'enroll-complete' && o.error === 'two_factor_already_enabled'),
    );
    expect(unexpected).toEqual([]);
    expect(outcomes.filter((o) => o.status === 503 && o.what !== 'health').every((o) => o.error === 'service_unavailable')).toBe(true);
    expect(during.filter((o) => o.status === 503).length, 'the outage was seen').toBeGreaterThan(0);
    // Recovered: everyone finished, and every account answers again.
    expect(completed.size).toBe(users.length);
    const health = await httpRequest(server!.url, 'GET', '/health');
    expect(health.status).toBe(200);

    // No half-written enrollment: each user is either fully enrolled (secret, backup code, audit event, nothing pending) or untouched.
    const rows = await db.selectFrom('users').selectAll().where('company_id', '=', company.id).execute();
    const events = await db.selectFrom('audit_events').select(['subject_id', 'type']).where('company_id', '=', company.id).execute();
    for (const row of rows) {
      const enabledEvents = events.filter((e) => e.subject_id === row.id && e.type === 'two_factor.enabled').length;
      if (row.two_factor_enabled_at !== null) {
        expect(row.totp_secret_enc && row.backup_code_hash && row.last_totp_step !== null, row.email).toBeTruthy();
        expect([row.pending_kind, row.pending_secret_enc, row.pending_backup_code_hash, row.pending_confirmed_step], row.email).toEqual([null, null, null, null]);
        expect(enabledEvents, row.email).toBe(1);
      } else {
        expect([row.totp_secret_enc, row.backup_code_hash], row.email).toEqual([null, null]);
        expect(enabledEvents, row.email).toBe(0);
      }
    }
    expect(rows.filter((r) => r.two_factor_enabled_at !== null)).toHaveLength(users.length);
  }, 150_000);
});
