import { beforeEach, describe, expect, it } from 'vitest';
import { deliveredTo, subjectsTo } from '@rms/test-kit/delivered-mail';
import { api, passwordSession, seedEnrolledUser, seedUser } from '@rms/test-kit/seed';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import type { TestServer } from '@rms/test-kit/test-server';
import { sha256 } from '../src/crypto/tokens.js';
import { LOGIN_WINDOW_MS } from '../src/domain/login-throttle.js';
import { RESET_PER_ADDRESS, RESET_PER_EMAIL } from '../src/domain/password-reset.js';
import { PAGE_CSP } from '../src/http/pages/page-html.js';
import { headingOf, linkIn, openPage, submitForm } from './support/account-links.js';
import { withServerAndSink } from './support/server-and-sink.js';

let sink: SmtpSink;
let t: TestServer;
let companyId: string;
withServerAndSink((world) => ({ t, sink, companyId } = world));
// Every test starts in a fresh window of the per-address request count (all requests come from 127.0.0.1).
beforeEach(() => t.clock.advance(LOGIN_WINDOW_MS + 1_000));

function requestReset(email: string) {
  return api<{ status?: string; message?: string; error?: string }>(t, 'POST', '/auth/password-reset', { body: { email } });
}

async function resetLinkFor(email: string): Promise<string> {
  const mails = await deliveredTo(t, sink, email);
  const link = linkIn(mails.filter((m) => m.subject.endsWith('Set a new password')).at(-1), 'reset-password');
  if (!link) throw new Error(`no reset link delivered to ${email}`);
  return link;
}

function strongPassword(): string {
  return `harbor-velvet-quasar-${Math.random().toString(36).slice(2, 8)}-fig`;
}

describe('POST /auth/password-reset', () => {
  it('answers a known and an unknown address the same way; only the known one gets a link, and the database never holds it', async () => {
    const user = await seedUser(t, companyId);
    const known = await requestReset(user.email);
    const unknown = await requestReset(`nobody.${Date.now()}@example.test`);
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    expect(known.body.message).toBe('If the address has an account, we sent a link to set a new password. It works once, for 30 minutes.');

    const link = await resetLinkFor(user.email);
    expect(link).toMatch(new RegExp(`^${t.url}/account/reset-password/[A-Za-z0-9_-]{43}$`));
    const token = link.split('/').at(-1) as string;
    const outbox = await t.server.db.selectFrom('outbox').select('body_text').where('to_address', '=', user.email).execute();
    expect(outbox.some((row) => row.body_text.includes(token))).toBe(false);
    const stored = await t.server.db.selectFrom('link_tokens').select(['token_hash', 'purpose']).where('user_id', '=', user.id).execute();
    expect(stored).toEqual([{ token_hash: sha256(token), purpose: 'password_reset' }]);
    const audit = await t.server.db.selectFrom('audit_events').select('type').where('subject_id', '=', user.id).execute();
    expect(audit.map((e) => e.type)).toEqual(['account.password_reset_requested']);
  });

  it('sends at most RESET_PER_EMAIL links per address per window, answering the same; refuses a client past RESET_PER_ADDRESS with 429', async () => {
    const user = await seedUser(t, companyId);
    for (let i = 0; i < RESET_PER_EMAIL + 2; i += 1) expect((await requestReset(user.email)).status).toBe(202);
    expect(await subjectsTo(t, sink, user.email)).toEqual(Array.from({ length: RESET_PER_EMAIL }, () => 'Set a new password'));

    for (let i = RESET_PER_EMAIL + 2; i < RESET_PER_ADDRESS; i += 1) expect((await requestReset(`x${i}@example.test`)).status).toBe(202);
    const refused = await requestReset('one.more@example.test');
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe('too_many_attempts');
    t.clock.advance(LOGIN_WINDOW_MS + 1_000);
    expect((await requestReset('one.more@example.test')).status).toBe(202);
  });
});

describe('the reset page', () => {
  it('is a script-free page under a strict CSP, and looking at it does not spend the link', async () => {
    const user = await seedUser(t, companyId);
    await requestReset(user.email);
    const link = await resetLinkFor(user.email);
    for (let i = 0; i < 2; i += 1) {
      const page = await openPage(t, link);
      expect(page.status).toBe(200);
      expect(headingOf(page)).toBe('Set a new password');
      expect(page.headers.get('content-security-policy')).toBe(PAGE_CSP);
      expect(PAGE_CSP).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; form-action 'self'; frame-ancestors 'none'/);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('referrer-policy')).toBe('same-origin');
      expect(String(page.body)).not.toMatch(/<script|\son\w+=/i);
      expect(String(page.body)).toContain(user.email);
    }
    const done = await submitForm(t, link, { password: 'x', again: 'y' });
    expect(done.status).toBe(400);
    expect(headingOf(await openPage(t, link))).toBe('Set a new password');
  });

  it('refuses a weak password and two different ones with the sentence, and the link still works', async () => {
    const user = await seedUser(t, companyId);
    await requestReset(user.email);
    const link = await resetLinkFor(user.email);
    const common = await submitForm(t, link, { password: 'password1234', again: 'password1234' });
    expect(common.status).toBe(400);
    expect(String(common.body)).toContain('That password is too easy to guess.');
    const fromEmail = `${user.email}2024`;
    expect(String((await submitForm(t, link, { password: fromEmail, again: fromEmail })).body)).toContain('too easy to guess');
    const short = await submitForm(t, link, { password: 'short', again: 'short' });
    expect(String(short.body)).toContain('Use at least 12 characters');
    const strong = strongPassword();
    const mismatch = await submitForm(t, link, { password: strong, again: `${strong}x` });
    expect(String(mismatch.body)).toContain('The two passwords are not the same.');
    expect((await api(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } })).body.status).toBe('authenticated');
    expect((await submitForm(t, link, { password: strong, again: strong })).status).toBe(200);
  });

  it('sets the password once: every session ends, 2FA is untouched (sign-in still asks for the code), other links are void; emailed and audited', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const session = user.session;
    await requestReset(user.email);
    const first = await resetLinkFor(user.email);
    await requestReset(user.email);
    const second = await resetLinkFor(user.email);
    expect(second).not.toBe(first);
    const waiting = await api<{ challenge: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });

    const newPassword = strongPassword();
    const done = await submitForm(t, second, { password: newPassword, again: newPassword });
    expect(done.status).toBe(200);
    expect(headingOf(done)).toBe('Your password was changed');

    expect((await api(t, 'POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } })).body.error).toBe('session_revoked');
    expect((await api(t, 'GET', '/me', { token: session.accessToken })).body.error).toBe('session_revoked');
    expect((await api(t, 'POST', '/auth/verify', { body: { challenge: waiting.body.challenge, code: '000000' } })).status).toBe(401);
    expect((await api(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } })).body.error).toBe('invalid_credentials');
    const login = await api<{ status: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: newPassword } });
    expect(login.body.status).toBe('code_required');

    const again = await submitForm(t, second, { password: strongPassword(), again: 'x' });
    expect(again.status).toBe(410);
    expect(headingOf(again)).toBe('This link was already used');
    expect(headingOf(await openPage(t, first))).toBe('This link was already used');

    const audit = await t.server.db.selectFrom('audit_events').select(['type', 'details']).where('subject_id', '=', user.id).orderBy('at').execute();
    expect(audit.map((e) => e.type).filter((type) => type.startsWith('account.'))).toEqual([
      'account.password_reset_requested',
      'account.password_reset_requested',
      'account.password_reset',
    ]);
    const mails = await deliveredTo(t, sink, user.email);
    const notice = mails.find((m) => m.subject.endsWith('Your password was reset'));
    expect(notice?.text).toContain('Two-factor authentication is unchanged');
    expect(notice?.text).not.toContain(newPassword);
    expect(linkIn(notice, 'not-me')).toBeDefined();
  });

  it('sent twice at once (a double click, two tabs): exactly one sets the password', async () => {
    const user = await seedUser(t, companyId);
    await requestReset(user.email);
    const link = await resetLinkFor(user.email);
    const [a, b] = [strongPassword(), strongPassword()];
    const answers = await Promise.all([submitForm(t, link, { password: a, again: a }), submitForm(t, link, { password: b, again: b })]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 410]);
    const winner = answers[0]!.status === 200 ? a : b;
    const loser = winner === a ? b : a;
    expect((await api(t, 'POST', '/auth/login', { body: { email: user.email, password: winner } })).body.status).toBe('authenticated');
    expect((await api(t, 'POST', '/auth/login', { body: { email: user.email, password: loser } })).body.error).toBe('invalid_credentials');
    const resets = await t.server.db.selectFrom('audit_events').select('id').where('subject_id', '=', user.id).where('type', '=', 'account.password_reset').execute();
    expect(resets).toHaveLength(1);
  });

  it('says so when the link has expired (30 minutes), is unknown, or is for another purpose', async () => {
    const user = await seedUser(t, companyId);
    await requestReset(user.email);
    const link = await resetLinkFor(user.email);
    t.clock.advance(30 * 60 * 1000 + 1);
    const expired = await openPage(t, link);
    expect(expired.status).toBe(410);
    expect(headingOf(expired)).toBe('This link has expired');
    const strong = strongPassword();
    expect((await submitForm(t, link, { password: strong, again: strong })).status).toBe(410);

    const unknown = await openPage(t, `${t.url}/account/reset-password/${'A'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(headingOf(unknown)).toBe('This link is not valid');
    const token = link.split('/').at(-1) as string;
    expect((await openPage(t, `${t.url}/account/not-me/${token}`)).status).toBe(404);
  });

  it('refuses a form posted from another site (CSRF) and leaves the link working', async () => {
    const user = await seedUser(t, companyId);
    await requestReset(user.email);
    const link = await resetLinkFor(user.email);
    const strong = strongPassword();
    const attacks = [
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example', 'sec-fetch-site': '' },
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
      { origin: t.url, 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of attacks) {
      const refused = await submitForm(t, link, { password: strong, again: strong }, headers);
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(headingOf(refused)).toBe('This form was sent from another site');
    }
    expect((await api(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } })).body.status).toBe('authenticated');
    expect((await submitForm(t, link, { password: strong, again: strong })).status).toBe(200);
    const session = await passwordSession(t, { ...user, password: strong });
    expect(session.accessToken).toBeTruthy();
  });
});
