import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '@rms/test-kit/test-server';
import type { ServerConfig } from '../../src/config.js';
import { verifyPassword } from '../../src/crypto/passwords.js';
import { openServerDatabase } from '../../src/database.js';
import { cliEnv, runCli } from './support/run-cli.js';

describe('command line', () => {
  let config: ServerConfig;
  let cleanup: () => Promise<void>;
  let env: NodeJS.ProcessEnv;
  const data = () => ['--data', config.dataDir];

  beforeAll(async () => {
    ({ config, cleanup } = await testConfig());
    env = cliEnv(config);
  });
  afterAll(async () => cleanup());

  async function usersOf(companyName: string) {
    const handle = openServerDatabase(config);
    try {
      return await handle.db
        .selectFrom('users')
        .innerJoin('companies', 'companies.id', 'users.company_id')
        .select(['users.email', 'users.role', 'users.password_hash'])
        .where('companies.name', '=', companyName)
        .orderBy('users.email')
        .execute();
    } finally {
      await handle.close();
    }
  }

  it('refuses unknown commands and bad arguments with a sentence and a non-zero exit', async () => {
    const unknown = await runCli(['frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    expect(unknown.stderr).toContain('--help');
    const badRole = await runCli(['user', 'create', '--company', 'X', '--email', 'a@b.example', '--role', 'boss', '--password-stdin', ...data()], env);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role must be "admin" or "user"');
    const badPort = await runCli(['serve', '--port', 'eighty'], env);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain('--port must be a whole number');
    const help = await runCli(['--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('user create --company NAME');
  });

  it('demo seeds Demo Co once and can run again; user create reads the password from stdin', async () => {
    const first = await runCli(['demo', ...data()], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('admin@demo.example');
    expect(first.stdout).toContain('demo-admin-password');
    const second = await runCli(['demo', ...data()], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('(existing)');
    const seeded = await usersOf('Demo Co');
    expect(seeded.map((u) => u.email)).toEqual(['admin@demo.example', 'qa@demo.example', 'tech1@demo.example', 'tech2@demo.example']);
    expect(seeded.find((u) => u.email === 'admin@demo.example')?.role).toBe('admin');

    const created = await runCli(
      ['user', 'create', '--company', 'Demo Co', '--email', 'Field.Tech@Demo.Example', '--role', 'user', '--password-stdin', ...data()],
      env,
      'a piped password 42\n',
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const tech = (await usersOf('Demo Co')).find((u) => u.email === 'field.tech@demo.example');
    expect(tech).toBeDefined();
    expect(await verifyPassword(tech!.password_hash, 'a piped password 42')).toBe(true);
    expect(created.stdout).not.toContain('a piped password 42');

    const noCompany = await runCli(['user', 'create', '--company', 'Nope Inc', '--email', 'x@nope.example', '--role', 'user', '--password-stdin', ...data()], env, 'long enough password');
    expect(noCompany.code).toBe(1);
    expect(noCompany.stderr).toContain('There is no company named "Nope Inc"');
    const duplicate = await runCli(['company', 'create', '--name', 'Demo Co', ...data()], env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('already exists');
  });

  it('user unlock lifts a "this wasn\'t me" lock when no administrator can; audited, the email queued for the server', async () => {
    await runCli(['company', 'create', '--name', 'Solo Ltd', ...data()], env);
    await runCli(['user', 'create', '--company', 'Solo Ltd', '--email', 'only.admin@solo.example', '--role', 'admin', '--password-stdin', ...data()], env, 'the only admin password');
    const handle = openServerDatabase(config);
    try {
      await handle.db.updateTable('users').set({ sign_in_locked_at: Date.now() }).where('email', '=', 'only.admin@solo.example').execute();
      const unlocked = await runCli(['user', 'unlock', '--email', 'Only.Admin@Solo.Example', ...data()], env);
      expect(unlocked.stderr).toBe('');
      expect(unlocked.code).toBe(0);
      expect(unlocked.stdout).toContain('Unlocked only.admin@solo.example');
      const row = await handle.db.selectFrom('users').select(['id', 'sign_in_locked_at']).where('email', '=', 'only.admin@solo.example').executeTakeFirstOrThrow();
      expect(row.sign_in_locked_at).toBeNull();
      const audit = await handle.db.selectFrom('audit_events').select(['type', 'actor_id', 'details']).where('subject_id', '=', row.id).execute();
      expect(audit).toEqual([{ type: 'account.unlocked', actor_id: null, details: JSON.stringify({ reportedNotMe: true, afterFailedCodes: false, via: 'command line' }) }]);
      const queued = await handle.db.selectFrom('outbox').select(['subject', 'body_text', 'status']).where('user_id', '=', row.id).execute();
      expect(queued).toHaveLength(1);
      expect(queued[0]).toMatchObject({ subject: 'Remote Management Service: Sign-in to your account was unlocked', status: 'pending' });
      expect(queued[0]!.body_text).toMatch(/\[\[rms-link:[0-9a-f-]{36}\]\]/);
      const again = await runCli(['user', 'unlock', '--email', 'only.admin@solo.example', ...data()], env);
      expect(again.stdout).toContain('was not locked; nothing changed');
      const unknown = await runCli(['user', 'unlock', '--email', 'nobody@solo.example', ...data()], env);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('There is no user with the email nobody@solo.example');
    } finally {
      await handle.close();
    }
  });
});
