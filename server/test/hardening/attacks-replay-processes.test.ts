import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX } from '@rms/shared';
import { createPostgresDatabase, testEngine } from '../support/test-database.js';
import { httpRequest } from '../support/test-server.js';
import { stepAt, totpForStep } from '../support/totp.js';
import { spawnServer } from './support/spawn-server.js';
import type { ServerProcess } from './support/spawn-server.js';
import { openDatabase } from '../../src/db/open-database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createCompany } from '../../src/domain/companies.js';
import { createUser } from '../../src/domain/users.js';

// Two backend processes share one PostgreSQL database; the replay guard must hold across them.
const onPostgres = testEngine === 'postgres';

let a: ServerProcess | undefined;
let b: ServerProcess | undefined;
let pg: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
let dataDir = '';

function call<T = Record<string, unknown>>(server: ServerProcess, path: string, body?: unknown, token?: string) {
  return httpRequest<T>(server.url, 'POST', `${API_PREFIX}${path}`, { body, token });
}

/** Waits until at least `margin` ms remain in the current 30-second step (real time: the processes use the real clock). */
async function awayFromStepEdge(margin = 8_000): Promise<void> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < margin) await new Promise((r) => setTimeout(r, left + 200));
}

beforeAll(async () => {
  if (!onPostgres) return;
  pg = await createPostgresDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'rms-replay-'));
  const secretKey = randomBytes(32);
  [a, b] = await Promise.all([
    spawnServer({ dataDir: join(dataDir, 'a'), databaseUrl: pg.url, secretKey, smtpUrl: null }),
    spawnServer({ dataDir: join(dataDir, 'b'), databaseUrl: pg.url, secretKey, smtpUrl: null }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await pg?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!onPostgres)('attack: replaying one code across two server processes (PostgreSQL)', () => {
  it('exactly one of the two processes accepts a code sent to both at once, for every user', async () => {
    // Seed through a third connection; each user then enrolls through the processes' APIs.
    const handle = openDatabase({ databaseUrl: pg!.url, sqlitePath: '' });
    await migrateToLatest(handle.db);
    const company = await createCompany(handle.db, { name: `Replay ${randomBytes(3).toString('hex')}` });
    const password = 'replay-password-long';
    const users = [];
    for (let i = 0; i < 4; i += 1) {
      users.push(await createUser(handle.db, { companyId: company.id, email: `replay${i}.${randomBytes(3).toString('hex')}@example.test`, name: 'R', role: 'user', password }));
    }
    await handle.close();
    await awayFromStepEdge(12_000);
    const enrolled = await Promise.all(
      users.map(async (user) => {
        const login = await call<{ session: { accessToken: string } }>(a!, '/auth/login', { email: user.email, password });
        const token = login.body.session.accessToken;
        const start = await call<{ secret: string }>(a!, '/me/two-factor/enrollment', undefined, token);
        const secret = start.body.secret;
        const step = stepAt(Date.now());
        expect((await call(b!, '/me/two-factor/enrollment/confirm', { code: totpForStep(secret, step) }, token)).status).toBe(200);
        expect((await call(a!, '/me/two-factor/enrollment/complete', { backupCodeSaved: true }, token)).status).toBe(200);
        return { email: user.email, secret, step };
      }),
    );
    let accepted = 0;
    for (const user of enrolled) {
      // The next step's code (accepted now as +1 step, never used before), sent to both processes at once.
      const code = totpForStep(user.secret, user.step + 1);
      const [ca, cb] = await Promise.all([
        call<{ challenge: string }>(a!, '/auth/login', { email: user.email, password }),
        call<{ challenge: string }>(b!, '/auth/login', { email: user.email, password }),
      ]);
      const answers = await Promise.all([
        call(a!, '/auth/verify', { challenge: ca.body.challenge, code }),
        call(b!, '/auth/verify', { challenge: cb.body.challenge, code }),
      ]);
      const wins = answers.filter((x) => x.status === 200);
      expect(wins, JSON.stringify(answers.map((x) => [x.status, x.body.error]))).toHaveLength(1);
      const loser = answers.find((x) => x.status !== 200)!;
      expect(loser.status).toBe(401);
      expect(loser.body.error).toBe('code_already_used');
      accepted += wins.length;
    }
    expect(accepted).toBe(enrolled.length);
    console.info(`[attack] replay across two processes on PostgreSQL: ${enrolled.length} users × 2 simultaneous verifies (one per process), exactly 1 accepted each`);
  }, 120_000);
});
