import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClock } from '@rms/test-kit/clock';
import { api, passwordSession, seedCompany, seedEnrolledUser, seedUser, signInWithCode } from '@rms/test-kit/seed';
import { httpRequest, testConfig } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { totpAt } from '@rms/test-kit/totp';
import type { ServerConfig } from '../../src/config.js';
import { openServerDatabase } from '../../src/database.js';
import { startServer } from '../../src/start-server.js';
import { cliEnv, runCli } from './support/run-cli.js';

describe('key rotation: RMS_PREVIOUS_SECRET_KEYS and `secrets reseal`', () => {
  let base: ServerConfig;
  let cleanup: () => Promise<void>;
  const clock = createTestClock();
  const key1 = randomBytes(32);
  const key2 = randomBytes(32);
  const rotatedEnv = () =>
    cliEnv(base, { RMS_SECRET_KEY: key2.toString('base64'), RMS_SECRET_KEY_ID: '2', RMS_PREVIOUS_SECRET_KEYS: `1:${key1.toString('base64')}` });

  beforeAll(async () => {
    ({ config: base, cleanup } = await testConfig());
  });
  afterAll(async () => cleanup());

  /** The real server on the shared database with the given keys (and the shared clock). */
  async function start(keys: Pick<ServerConfig, 'secretKey' | 'secretKeyId' | 'previousSecretKeys'>): Promise<TestServer> {
    const config = { ...base, ...keys };
    const server = await startServer(config, { port: 0, host: '127.0.0.1', now: clock.now, logger: pino({ level: 'silent' }) });
    return { url: server.url, clock, server, config, request: (m, p, o) => httpRequest(server.url, m, p, o), close: () => server.close() };
  }

  /** Key id byte of every sealed secret in `users`. */
  async function sealedKeyIds(): Promise<number[]> {
    const handle = openServerDatabase(base);
    try {
      const rows = await handle.db.selectFrom('users').select(['totp_secret_enc', 'pending_secret_enc']).execute();
      return rows
        .flatMap((row) => [row.totp_secret_enc, row.pending_secret_enc])
        .filter((value): value is string => value !== null)
        .map((value) => Buffer.from(value, 'base64')[1]!);
    } finally {
      await handle.close();
    }
  }

  it('keeps enrolled users signing in across a rotation, re-seals every secret, then works without the old key', async () => {
    const first = await start({ secretKey: key1, secretKeyId: 1, previousSecretKeys: new Map() });
    const company = await seedCompany(first);
    const enrolled = await seedEnrolledUser(first, company.id);
    const pendingUser = await seedUser(first, company.id);
    const pendingSession = await passwordSession(first, pendingUser);
    const pending = await api<{ secret: string }>(first, 'POST', '/me/two-factor/enrollment', { token: pendingSession.accessToken });
    expect(pending.status).toBe(200);
    await first.close();
    expect(await sealedKeyIds()).toEqual([1, 1]);

    // Key 2 is current, key 1 only opens: the enrolled user still signs in.
    const second = await start({ secretKey: key2, secretKeyId: 2, previousSecretKeys: new Map([[1, key1]]) });
    expect((await signInWithCode(second, enrolled)).accessToken).toBeTruthy();
    await second.close();

    // Without the previous key the command names the missing key and changes nothing.
    const missing = await runCli(['secrets', 'reseal', '--data', base.dataDir], cliEnv(base, { RMS_SECRET_KEY: key2.toString('base64'), RMS_SECRET_KEY_ID: '2' }));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Secret key id 1 is missing');
    expect(missing.stderr).toContain('RMS_PREVIOUS_SECRET_KEYS');
    expect(await sealedKeyIds()).toEqual([1, 1]);

    const resealed = await runCli(['secrets', 'reseal', '--data', base.dataDir], rotatedEnv());
    expect(resealed.stderr).toBe('');
    expect(resealed.code).toBe(0);
    expect(resealed.stdout).toContain('re-sealed 2 of 2 secrets; 0 already current');
    expect(await sealedKeyIds()).toEqual([2, 2]);
    const again = await runCli(['secrets', 'reseal', '--data', base.dataDir], rotatedEnv());
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('re-sealed 0 of 2 secrets; 2 already current');

    // The old key is gone: the enrolled user signs in and the pending enrollment still confirms.
    const third = await start({ secretKey: key2, secretKeyId: 2, previousSecretKeys: new Map() });
    try {
      expect((await signInWithCode(third, enrolled)).accessToken).toBeTruthy();
      const confirm = await api(third, 'POST', '/me/two-factor/enrollment/confirm', {
        token: pendingSession.accessToken,
        body: { code: totpAt(pending.body.secret, clock.now()) },
      });
      expect(confirm.status).toBe(200);
    } finally {
      await third.close();
    }
  });

  it('refuses a malformed rotation setting with a sentence', async () => {
    const bad = await runCli(['secrets', 'reseal', '--data', base.dataDir], cliEnv(base, { RMS_SECRET_KEY_ID: '2', RMS_PREVIOUS_SECRET_KEYS: '2:abc' }));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('which is the current RMS_SECRET_KEY_ID');
    const usage = await runCli(['secrets', 'rotate'], cliEnv(base));
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Did you mean `secrets reseal`?');
    const help = await runCli(['--help'], cliEnv(base));
    expect(help.stdout).toContain('secrets reseal');
    expect(help.stdout).toContain('RMS_PREVIOUS_SECRET_KEYS');
  });
});
