import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { codeField, createFuzzWorld, expectNoPrototypePollution, fuzzTarget, reportFuzz } from './support/fuzz-world.js';
import type { FuzzWorld } from './support/fuzz-world.js';

let w: FuzzWorld;

beforeAll(async () => {
  w = await createFuzzWorld();
});
afterAll(async () => {
  if (w) reportFuzz(w, '/company routes');
  await w?.t.close();
});

const P = '/api/v1';

describe('fuzzing the company API: never a 5xx, a leak or a change from a refused call', () => {
  it('GET /company', async () => {
    await fuzzTarget(w, { name: 'company', method: 'GET', path: `${P}/company`, token: w.admin.accessToken, query: ['id', 'companyId'] });
  });

  it('PUT /company/two-factor-policy (only bad bodies: a valid one would legitimately change the policy)', async () => {
    await fuzzTarget(w, {
      name: 'policy',
      method: 'PUT',
      path: `${P}/company/two-factor-policy`,
      token: w.admin.accessToken,
      fields: {
        twoFactorAtLogin: { good: fc.constantFrom('Required', 'REQUIRED', 'required ', 'off', 'enabled', '', 'optional\u0000'), bad: fc.constantFrom(true, 1, null, ['required'], { value: 'required' }) },
        notifyUnenrolled: { good: fc.constantFrom(true, false, 'true', 0, 1, 'yes') },
      },
    });
  });

  it('GET /company/campaigns/:id', async () => {
    await fuzzTarget(w, { name: 'campaign', method: 'GET', path: `${P}/company/campaigns/:id`, token: w.admin.accessToken, query: ['id'] });
  });

  it('GET /company/users', async () => {
    await fuzzTarget(w, { name: 'users', method: 'GET', path: `${P}/company/users`, token: w.admin.accessToken, query: ['twoFactor', 'cursor', 'limit'] });
  });

  it('POST /company/users/:id/two-factor/reset (ids that are not a user of the company, codes that are not live)', async () => {
    await fuzzTarget(w, {
      name: 'reset',
      method: 'POST',
      path: `${P}/company/users/:id/two-factor/reset`,
      token: w.admin.accessToken,
      fields: { code: codeField(w) },
    });
  });

  it('GET /company/audit', async () => {
    await fuzzTarget(w, { name: 'audit', method: 'GET', path: `${P}/company/audit`, token: w.admin.accessToken, query: ['cursor', 'limit', 'type'] });
  });

  it('every /company route with a non-admin session', async () => {
    for (const [method, path] of [
      ['GET', `${P}/company`],
      ['GET', `${P}/company/users`],
      ['GET', `${P}/company/audit`],
      ['GET', `${P}/company/campaigns/:id`],
      ['POST', `${P}/company/users/:id/two-factor/reset`],
    ] as const) {
      await fuzzTarget(w, { name: `as-user ${path.split('/').slice(3).join('/')}`, method, path, token: w.user.accessToken, query: ['limit', 'cursor'] }, 30);
    }
    await fuzzTarget(
      w,
      {
        name: 'as-user policy',
        method: 'PUT',
        path: `${P}/company/two-factor-policy`,
        token: w.user.accessToken,
        fields: { twoFactorAtLogin: { good: fc.constantFrom('required', 'optional') }, notifyUnenrolled: { good: fc.boolean() } },
      },
      60,
    );
  });

  it('left Object.prototype of the server process untouched', () => {
    expectNoPrototypePollution();
  });
});
