import { describe, expect, it } from 'vitest';
import { api, seedCompany, seedUser } from '@rms/test-kit/seed';
import { startTestServer } from '@rms/test-kit/test-server';

describe('graceful shutdown', () => {
  it('finishes requests already in flight, then refuses new connections', async () => {
    const t = await startTestServer();
    const user = await seedUser(t, (await seedCompany(t)).id);
    // A password check spends an argon2id verification: in flight while close() starts.
    // (Wrong passwords, so the attempt counter the test watches only goes up.)
    const inFlight = Promise.all(
      [1, 2, 3].map(() => api(t, 'POST', '/auth/login', { body: { email: user.email, password: 'a-wrong-password' } })),
    );
    // Wait until all three handlers are running (each counted its attempt before hashing).
    for (;;) {
      const row = await t.server.db.selectFrom('login_attempts').select('count').where('key', '=', 'addr:127.0.0.1').executeTakeFirst();
      if (Number(row?.count ?? 0) >= 3) break;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await t.close();
    const answers = await inFlight;
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401]);
    expect(answers.every((a) => a.body.error === 'invalid_credentials')).toBe(true);
    await expect(fetch(`${t.url}/health`)).rejects.toThrow();
  });
});
