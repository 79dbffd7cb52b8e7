import { describe, expect, it } from 'vitest';
import { subjectsTo } from '@rms/test-kit/delivered-mail';
import { api, seedCompany, seedEnrolledUser, seedUser } from '@rms/test-kit/seed';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import type { TestServer } from '@rms/test-kit/test-server';
import { EMAIL_CODES_PER_WINDOW } from '../../src/domain/email-check.js';
import { LOGIN_WINDOW_MS } from '../../src/domain/login-throttle.js';
import { withServerAndSink } from '../support/server-and-sink.js';

let sink: SmtpSink;
let t: TestServer;
withServerAndSink((world) => ({ t, sink } = world));

const CODE_SUBJECT = 'Your code to set up two-factor authentication';

describe('attack: flooding a mailbox with email codes, knowing only the password', () => {
  it('sends at most EMAIL_CODES_PER_WINDOW codes per person per 15 minutes, however many sign-ins ask; then 429 with the wait', async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    const policy = await api(t, 'PUT', '/company/two-factor-policy', {
      token: admin.session.accessToken,
      body: { twoFactorAtLogin: 'required', verifyEmailBeforeEnrollment: true },
    });
    expect(policy.status).toBe(200);
    const user = await seedUser(t, company.id);

    // A correct password is refunded to the sign-in throttle, and each sign-in may ask for its own code.
    const answers: { status: number; error?: string; retryAfterSeconds?: number }[] = [];
    for (let i = 0; i < EMAIL_CODES_PER_WINDOW + 5; i += 1) {
      const login = await api<{ status: string; challenge: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
      expect(login.body.status).toBe('enrollment_required');
      const start = await api<{ error?: string; retryAfterSeconds?: number }>(t, 'POST', '/auth/enrollment', { body: { challenge: login.body.challenge } });
      answers.push({ status: start.status, ...start.body });
    }
    expect(answers.slice(0, EMAIL_CODES_PER_WINDOW).every((a) => a.status === 409 && a.error === 'email_code_required')).toBe(true);
    for (const refused of answers.slice(EMAIL_CODES_PER_WINDOW)) {
      expect(refused.status).toBe(429);
      expect(refused.error).toBe('too_many_attempts');
      expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    }
    const codes = (await subjectsTo(t, sink, user.email)).filter((subject) => subject === CODE_SUBJECT);
    expect(codes).toHaveLength(EMAIL_CODES_PER_WINDOW);

    t.clock.advance(LOGIN_WINDOW_MS + 1_000);
    const login = await api<{ challenge: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    expect((await api(t, 'POST', '/auth/enrollment', { body: { challenge: login.body.challenge } })).body.error).toBe('email_code_required');
  });
});
