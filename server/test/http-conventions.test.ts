import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, passwordSession, seedCompany, seedEnrolledUser, seedUser, signInWithCode } from '@rms/test-kit/seed';
import { testEngine } from '@rms/test-kit/test-database';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { REDACTED_PATHS } from '../src/logger.js';

let t: TestServer;
const logLines: string[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  t = await startTestServer({}, pino({ level: 'debug', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink));
});
afterAll(() => t?.close());

describe('error bodies', () => {
  it('400 validation_failed names the wrong fields', async () => {
    const res = await api(t, 'POST', '/auth/login', { body: { email: 'not-an-email', password: '' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
    const issues = res.body.issues as { path: string; message: string }[];
    expect(issues.map((i) => i.path).sort()).toEqual(['email', 'password']);
    expect(String(res.body.message)).toMatch(/^Check /);
  });

  it('400 for a code that is not 6 digits, with the sentence from the schema', async () => {
    const res = await api(t, 'POST', '/auth/verify', { body: { challenge: 'c'.repeat(43), code: '12 34' } });
    expect(res.status).toBe(400);
    expect((res.body.issues as { path: string; message: string }[])[0]).toEqual({
      path: 'code',
      message: 'Enter the 6 digits your authenticator app shows.',
    });
  });

  it('400 for a body that is not JSON', async () => {
    const res = await api(t, 'POST', '/auth/login', { raw: '{"email":', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.message).toBe('The request body is not valid JSON.');
  });

  it('415 for a body without a JSON content type', async () => {
    const res = await api(t, 'POST', '/auth/login', { raw: 'email=a@b.c&password=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(415);
    expect(res.body.error).toBe('unsupported_media_type');
    const plain = await api(t, 'POST', '/auth/login', { raw: '{"email":"a@b.c","password":"x"}', headers: { 'content-type': 'text/plain' } });
    expect(plain.status).toBe(415);
  });

  it('413 for a body over 64 KiB', async () => {
    const res = await api(t, 'POST', '/auth/login', { body: { email: 'a@b.c', password: 'x'.repeat(70 * 1024) } });
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('payload_too_large');
  });

  it('404 not_found for an unknown route, 401 unauthorized without a token', async () => {
    const missing = await api(t, 'GET', '/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('not_found');
    const anonymous = await api(t, 'GET', '/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe('unauthorized');
    const garbage = await api(t, 'GET', '/me', { token: 'garbage-token' });
    expect(garbage.body.error).toBe('unauthorized');
  });
});

describe('documents and health', () => {
  it('serves the OpenAPI document generated from the shared schemas', async () => {
    const res = await api<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(t, 'GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/v1/auth/login',
      '/api/v1/auth/verify',
      '/api/v1/auth/recover',
      '/api/v1/auth/enrollment',
      '/api/v1/auth/enrollment/confirm',
      '/api/v1/auth/enrollment/complete',
      '/api/v1/auth/refresh',
      '/api/v1/auth/logout',
      '/api/v1/me',
      '/api/v1/me/two-factor',
      '/api/v1/me/two-factor/enrollment',
      '/api/v1/me/two-factor/backup-code',
      '/api/v1/me/two-factor/device-change',
      '/api/v1/me/two-factor/device-change/confirm',
      '/api/v1/company',
      '/api/v1/company/two-factor-policy',
      '/api/v1/company/campaigns/{id}',
      '/api/v1/company/users',
      '/api/v1/company/users/{id}/two-factor/reset',
      '/api/v1/company/audit',
    ]) {
      expect(res.body.paths, path).toHaveProperty([path]);
    }
    expect(JSON.stringify(res.body.paths['/api/v1/auth/verify'])).toContain('"pattern":"^[0-9]{6}$"');
  });

  it('reports health with the engine', async () => {
    const res = await t.request('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: testEngine });
  });
});

describe('logs', () => {
  it('never contain a password, code, backup code, secret or token', async () => {
    const company = await seedCompany(t);
    const user = await seedEnrolledUser(t, company.id);
    const session = await signInWithCode(t, user);
    const other = await seedUser(t, company.id);
    const otherSession = await passwordSession(t, other);
    await api(t, 'POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } });
    await api(t, 'POST', '/auth/login', { body: { email: user.email, password: 'wrong-password-123' } });
    const text = logLines.join('');
    expect(logLines.length).toBeGreaterThan(5);
    for (const secret of [user.password, other.password, user.secret, user.backupCode, session.accessToken, session.refreshToken, otherSession.accessToken, 'wrong-password-123']) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('database outage', () => {
  it('answers 503 service_unavailable (never a stack) when the database does not answer', async () => {
    const down = await startTestServer();
    try {
      await down.server.db.destroy();
      const health = await down.request('GET', '/health');
      expect(health.status).toBe(503);
      const login = await down.request<Record<string, unknown>>('POST', '/api/v1/auth/login', { body: { email: 'a@b.example', password: 'whatever' } });
      expect(login.status).toBe(503);
      expect(login.body.error).toBe('service_unavailable');
      expect(JSON.stringify(login.body)).not.toMatch(/at .*\.(ts|js):\d+/);
    } finally {
      await down.close().catch(() => undefined);
    }
  });
});

describe('content type', () => {
  it('415 for a body sent with no Content-Type header at all', async () => {
    const { request } = await import('node:http');
    const url = new URL(`${t.url}/api/v1/auth/login`);
    const payload = JSON.stringify({ email: 'a@b.example', password: 'whatever' });
    const answer = await new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-length': Buffer.byteLength(payload) } },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += String(chunk)));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
    expect(answer.status).toBe(415);
    expect(answer.body.error).toBe('unsupported_media_type');
  });
});
