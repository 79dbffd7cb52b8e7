import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { codeField, createFuzzWorld, expectNoPrototypePollution, fuzzTarget, reportFuzz } from './support/fuzz-world.js';
import type { FuzzWorld } from './support/fuzz-world.js';

let w: FuzzWorld;

beforeAll(async () => {
  w = await createFuzzWorld();
});
afterAll(async () => {
  if (w) reportFuzz(w, '/me and /me/two-factor routes');
  await w?.t.close();
});

const P = '/api/v1';

describe('fuzzing the account API: never a 5xx, a leak or a change from a refused call', () => {
  it('GET /me', async () => {
    await fuzzTarget(w, { name: 'me', method: 'GET', path: `${P}/me`, token: w.user.accessToken, query: ['fields', 'userId'] });
  });

  it('POST /me/two-factor/enrollment, /confirm, /complete (user with 2FA already on)', async () => {
    const token = w.user.accessToken;
    await fuzzTarget(w, { name: 'me-enroll-start', method: 'POST', path: `${P}/me/two-factor/enrollment`, token });
    await fuzzTarget(w, { name: 'me-enroll-confirm', method: 'POST', path: `${P}/me/two-factor/enrollment/confirm`, token, fields: { code: codeField(w) } });
    await fuzzTarget(w, {
      name: 'me-enroll-complete',
      method: 'POST',
      path: `${P}/me/two-factor/enrollment/complete`,
      token,
      fields: { backupCodeSaved: { good: fc.constantFrom(true, false, 'true', 1) } },
    });
  });

  it('POST /me/two-factor/enrollment/confirm and /complete (user without 2FA, nothing started)', async () => {
    const token = w.plain.accessToken;
    await fuzzTarget(w, { name: 'plain-enroll-confirm', method: 'POST', path: `${P}/me/two-factor/enrollment/confirm`, token, fields: { code: codeField(w) } });
    await fuzzTarget(w, {
      name: 'plain-enroll-complete',
      method: 'POST',
      path: `${P}/me/two-factor/enrollment/complete`,
      token,
      fields: { backupCodeSaved: { good: fc.constantFrom(true, false, 'true', 1) } },
    });
  });

  it('POST /me/two-factor/backup-code, /device-change, /device-change/confirm', async () => {
    const token = w.user.accessToken;
    await fuzzTarget(w, { name: 'me-backup-code', method: 'POST', path: `${P}/me/two-factor/backup-code`, token, fields: { code: codeField(w) } });
    await fuzzTarget(w, { name: 'me-device-change', method: 'POST', path: `${P}/me/two-factor/device-change`, token, fields: { code: codeField(w) } });
    await fuzzTarget(w, {
      name: 'me-device-confirm',
      method: 'POST',
      path: `${P}/me/two-factor/device-change/confirm`,
      token,
      fields: { code: codeField(w) },
    });
  });

  it('DELETE /me/two-factor', async () => {
    await fuzzTarget(w, { name: 'me-disable', method: 'DELETE', path: `${P}/me/two-factor`, token: w.user.accessToken, fields: { code: codeField(w) } });
  });

  it('left Object.prototype of the server process untouched', () => {
    expectNoPrototypePollution();
  });
});
