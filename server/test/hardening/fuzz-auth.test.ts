import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from './support/raw-http.js';
import { checkAnswer } from './support/response-checks.js';
import { anyString } from './support/fuzz-inputs.js';
import { codeField, createFuzzWorld, expectNoPrototypePollution, fuzzTarget, reportFuzz } from './support/fuzz-world.js';
import type { FuzzWorld } from './support/fuzz-world.js';

let w: FuzzWorld;

beforeAll(async () => {
  w = await createFuzzWorld();
});
afterAll(async () => {
  if (w) reportFuzz(w, 'sign-in routes, /health, unknown routes');
  await w?.t.close();
});

const P = '/api/v1';
const tokenLike = fc.oneof(anyString, fc.string({ minLength: 16, maxLength: 300 }), fc.base64String({ minLength: 16, maxLength: 64 }));

describe('fuzzing the sign-in API: never a 5xx, a leak or a change from a refused call', () => {
  it('POST /auth/login', async () => {
    const email = fc.oneof(fc.constantFrom(w.user.email, w.admin.email.toUpperCase(), ` ${w.plain.email} `), fc.emailAddress(), anyString);
    await fuzzTarget(w, { name: 'login', method: 'POST', path: `${P}/auth/login`, fields: { email: { good: email }, password: { good: anyString } } });
  });

  it('POST /auth/verify', async () => {
    const challenge = fc.oneof({ weight: 3, arbitrary: fc.constant(w.codeChallenge) }, fc.constant(w.enrollmentChallenge), tokenLike);
    await fuzzTarget(w, { name: 'verify', method: 'POST', path: `${P}/auth/verify`, fields: { challenge: { good: challenge }, code: codeField(w) } });
  });

  it('POST /auth/recover', async () => {
    const challenge = fc.oneof({ weight: 3, arbitrary: fc.constant(w.codeChallenge) }, tokenLike);
    const backup = fc.oneof(fc.stringMatching(/^[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{5}$/), anyString);
    await fuzzTarget(w, { name: 'recover', method: 'POST', path: `${P}/auth/recover`, fields: { challenge: { good: challenge }, backupCode: { good: backup } } });
  });

  it('POST /auth/enrollment, /confirm, /complete', async () => {
    // The real enrollment challenge only appears next to a bad field, so no case completes a sign-in.
    const challenge = fc.oneof(fc.constant(w.codeChallenge), tokenLike);
    await fuzzTarget(w, { name: 'enroll-start', method: 'POST', path: `${P}/auth/enrollment`, fields: { challenge: { good: challenge } } });
    await fuzzTarget(w, {
      name: 'enroll-confirm',
      method: 'POST',
      path: `${P}/auth/enrollment/confirm`,
      fields: { challenge: { good: fc.oneof(fc.constant(w.enrollmentChallenge), challenge) }, code: codeField(w) },
    });
    await fuzzTarget(w, {
      name: 'enroll-complete',
      method: 'POST',
      path: `${P}/auth/enrollment/complete`,
      fields: { challenge: { good: fc.oneof(fc.constant(w.enrollmentChallenge), challenge) }, backupCodeSaved: { good: fc.constantFrom(false, 'true', 1, 'yes') } },
    });
  });

  it('POST /auth/refresh and /auth/logout', async () => {
    await fuzzTarget(w, { name: 'refresh', method: 'POST', path: `${P}/auth/refresh`, fields: { refreshToken: { good: tokenLike } } });
    await fuzzTarget(w, { name: 'logout', method: 'POST', path: `${P}/auth/logout`, fields: { refreshToken: { good: tokenLike } } });
  });

  it('GET /health, the OpenAPI document and unknown routes', async () => {
    await fuzzTarget(w, { name: 'health', method: 'GET', path: '/health', query: ['db', 'status'] });
    await fuzzTarget(w, { name: 'openapi', method: 'GET', path: `${P}/openapi.json`, query: ['format'] });
    await fuzzTarget(w, { name: 'unknown', method: 'POST', path: `${P}/:id`, fields: { code: codeField(w) } });
    await fuzzTarget(w, { name: 'unknown-root', method: 'GET', path: '/:id/../admin', query: ['x'] });
  });

  it('answers requests Node cannot parse (headers over 16 KiB) with the API error body', async () => {
    const answer = await rawRequest(w.t.url, { method: 'GET', path: `/${'x'.repeat(9000)}`, headers: { authorization: `Bearer ${'a'.repeat(9000)}` } });
    w.cases += 1;
    checkAnswer(answer, w.secrets, 'oversized headers');
    expect(answer.status).toBe(431);
    expect(answer.json).toMatchObject({ error: 'payload_too_large' });
  });

  it('left Object.prototype of the server process untouched', () => {
    expectNoPrototypePollution();
  });
});
