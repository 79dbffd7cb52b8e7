import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '@rms/server/config';
import type { ServerConfig } from '@rms/server/config';
import { startServer } from '@rms/server/start-server';
import type { RunningServer, StartOptions } from '@rms/server/start-server';
import { createTestClock } from './clock.js';
import type { TestClock } from './clock.js';
import { createPostgresDatabase, testEngine } from './test-database.js';
import type { TestEngine } from './test-database.js';

/** An HTTP answer as the tests look at it. */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** Options of one request. */
export interface RequestOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  /** Raw body (sent as is, with the given headers). */
  raw?: string;
}

/** The real server on a fresh database, plus a clock and a small HTTP client. */
export interface TestServer {
  url: string;
  clock: TestClock;
  server: RunningServer;
  config: ServerConfig;
  request<T = Record<string, unknown>>(method: string, path: string, options?: RequestOptions): Promise<Answer<T>>;
  close(): Promise<void>;
}

/** Sends one HTTP request to a server URL. */
export async function httpRequest<T>(baseUrl: string, method: string, path: string, options: RequestOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/** Options of `testConfig`. */
export interface TestConfigOptions {
  /** SQLite in the temp data folder, or a throwaway PostgreSQL database (default: TEST_DATABASE). */
  engine?: TestEngine;
  /** The cluster the PostgreSQL database is made on, and the name prefix (see createPostgresDatabase). */
  postgres?: { adminUrl?: string; prefix?: string };
  /** Settings on top of the test defaults (no SMTP, silent logs, a random key). */
  overrides?: Partial<ServerConfig>;
}

/** Configuration for a server on a fresh database (SQLite temp folder or PostgreSQL); `cleanup()` removes both. */
export async function testConfig(options: TestConfigOptions = {}): Promise<{ config: ServerConfig; cleanup(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rms-server-test-'));
  const pgDb = (options.engine ?? testEngine) === 'postgres' ? await createPostgresDatabase(options.postgres) : null;
  try {
    const config = loadConfig(
      {},
      {
        dataDir,
        databaseUrl: pgDb?.url ?? null,
        secretKey: randomBytes(32),
        secretKeySource: 'env',
        smtpUrl: null,
        logLevel: 'silent',
        ...options.overrides,
      },
    );
    return {
      config,
      async cleanup() {
        await pgDb?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await pgDb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Starts the real server in this process (port 0) on a fresh database, with a clock the test moves. */
export async function startTestServer(
  overrides: Partial<ServerConfig> = {},
  logger: pino.Logger = pino({ level: 'silent' }),
  start: Pick<StartOptions, 'queryLog'> = {},
): Promise<TestServer> {
  const { config: base, cleanup } = await testConfig();
  const config = { ...base, ...overrides };
  const clock = createTestClock();
  let server: RunningServer;
  try {
    server = await startServer(config, { port: 0, host: '127.0.0.1', now: clock.now, logger, ...start });
  } catch (error) {
    await cleanup();
    throw error;
  }
  return {
    url: server.url,
    clock,
    server,
    config,
    request: (method, path, options) => httpRequest(server.url, method, path, options),
    async close() {
      await server.close();
      await cleanup();
    },
  };
}
