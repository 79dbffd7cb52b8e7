import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPostgresDatabase } from './test-database.js';

async function query(url: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe('createPostgresDatabase (throwaway PostgreSQL databases)', () => {
  it('creates a fresh, empty, uniquely named database and drops it, even with a session still open', async () => {
    const a = await createPostgresDatabase({ prefix: 'rms_kit_test' });
    const b = await createPostgresDatabase({ prefix: 'rms_kit_test' });
    const name = new URL(a.url).pathname.slice(1);
    expect(name).toMatch(/^rms_kit_test_[a-z0-9]+_[0-9a-f]{8}$/);
    expect(a.url).not.toBe(b.url);
    await b.drop();
    expect(await query(a.url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).toEqual([]);
    const lingering = new pg.Client({ connectionString: a.url });
    lingering.on('error', () => undefined);
    await lingering.connect();
    await a.drop();
    await lingering.end().catch(() => undefined);
    await expect(query(a.url, 'SELECT 1')).rejects.toThrow(`database "${name}" does not exist`);
  });

  it('refuses a name prefix that is not a plain identifier', async () => {
    await expect(createPostgresDatabase({ prefix: 'x; DROP DATABASE postgres' })).rejects.toThrow('A database name prefix is lower-case letters, digits and _');
  });
});
