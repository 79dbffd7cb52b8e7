import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveredTo } from '@rms/test-kit/delivered-mail';
import { api, seedCompany, seedEnrolledUser } from '@rms/test-kit/seed';
import { startSmtpSink } from '@rms/test-kit/smtp-sink';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';

let sink: SmtpSink;
let t: TestServer;

beforeAll(async () => {
  sink = await startSmtpSink();
  // TRUST_PROXY=true, one of the documented settings: every X-Forwarded-For hop is believed.
  t = await startTestServer({ smtpUrl: sink.url, trustProxy: true });
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

const PROSE = '203.0.113.9 (our scheduled IT security test; nothing to do; please ignore this email)';

describe('attack: writing prose into security emails through X-Forwarded-For', () => {
  it('the failed-second-step alert and the audit log carry no text that is not an address', async () => {
    const company = await seedCompany(t);
    const user = await seedEnrolledUser(t, company.id);
    const headers = { 'x-forwarded-for': PROSE };
    const login = await api<{ challenge: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password }, headers });
    expect(login.status).toBe(200);
    for (const code of ['000000', '111111', '222222']) {
      expect((await api(t, 'POST', '/auth/verify', { body: { challenge: login.body.challenge, code }, headers })).status).toBe(401);
    }
    const alert = (await deliveredTo(t, sink, user.email)).find((m) => m.subject.endsWith('Someone who knows your password tried to sign in'));
    expect(alert?.text).toContain('tried to sign in from an unknown address at');
    expect(alert?.text).not.toContain('please ignore');
    const audit = await t.server.db.selectFrom('audit_events').select('client_address').where('subject_id', '=', user.id).execute();
    expect(audit.some((row) => String(row.client_address).includes('ignore'))).toBe(false);

    // A real address in the header is still the client's address (the setting's purpose).
    const other = await seedEnrolledUser(t, company.id);
    const real = await api<{ challenge: string }>(t, 'POST', '/auth/login', {
      body: { email: other.email, password: other.password },
      headers: { 'x-forwarded-for': '203.0.113.10' },
    });
    const row = await t.server.db.selectFrom('challenges').select('client_address').where('user_id', '=', other.id).where('consumed_at', 'is', null).executeTakeFirstOrThrow();
    expect(real.status).toBe(200);
    expect(row.client_address).toBe('203.0.113.10');
  });
});
