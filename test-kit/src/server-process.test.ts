import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDatabase } from '@rms/server/database';
import { createCompany, createSecretBox } from '@rms/server/seeding';
import { API_PREFIX } from '@rms/shared';
import { BULK_PASSWORD, insertBulkUsers } from './bulk-users.js';
import { spawnServer } from './server-process.js';
import type { ServerProcess } from './server-process.js';
import { httpRequest, testConfig } from './test-server.js';
import { totpAt } from './totp.js';

const FROZEN_AT = Date.UTC(2021, 0, 4, 9, 0, 5);
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

let env: Awaited<ReturnType<typeof testConfig>>;
let child: ServerProcess;

beforeAll(async () => {
  env = await testConfig();
  child = await spawnServer({ ...env.config, nowMs: FROZEN_AT });
}, 60_000);
afterAll(async () => {
  await child?.stop('SIGKILL');
  await env?.cleanup();
});

describe('spawnServer (the real server in its own OS process)', () => {
  it('shares the database and key it was given and decides time on the frozen clock', async () => {
    const handle = openServerDatabase(env.config);
    try {
      const company = await createCompany(handle.db, { name: `Process ${randomBytes(3).toString('hex')}` });
      const [user] = await insertBulkUsers(handle.db, {
        companyId: company.id,
        count: 1,
        prefix: `process.${company.id.slice(0, 8)}.`,
        now: FROZEN_AT,
        twoFactor: { secrets: createSecretBox(env.config.secretKey), secretOf: () => SECRET },
      });
      const login = await httpRequest<{ status: string; challenge: string }>(child.url, 'POST', `${API_PREFIX}/auth/login`, { body: { email: user!.email, password: BULK_PASSWORD } });
      expect(login.body.status).toBe('code_required');
      const wallClockCode = await httpRequest<{ error: string }>(child.url, 'POST', `${API_PREFIX}/auth/verify`, { body: { challenge: login.body.challenge, code: totpAt(SECRET, Date.now()) } });
      expect(wallClockCode.status).toBe(401);
      const frozenCode = await httpRequest(child.url, 'POST', `${API_PREFIX}/auth/verify`, { body: { challenge: login.body.challenge, code: totpAt(SECRET, FROZEN_AT) } });
      expect(frozenCode.status).toBe(200);
    } finally {
      await handle.close();
    }
  });

  it('stops gracefully on SIGTERM (exit code 0)', async () => {
    const second = await spawnServer(env.config);
    expect((await httpRequest(second.url, 'GET', '/health')).status).toBe(200);
    await second.stop();
    expect(second.child.exitCode).toBe(0);
    await expect(httpRequest(second.url, 'GET', '/health')).rejects.toThrow();
  });

  it('says why when the process cannot start', async () => {
    await expect(spawnServer({ ...env.config, databaseUrl: 'mysql://nowhere' })).rejects.toThrow(/exited \(1\) before listening\.\n[\s\S]*DATABASE_URL must start with postgres:\/\//);
  });
});
