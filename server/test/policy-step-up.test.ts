// Lowering the company's protection (docs/two-factor.md): turning the requirement off, turning the email
// check off or narrowing a required plan to administrators needs the administrator's own current code
// (step-up), is audited, and emails every administrator. Raising or keeping it needs no code.
import { describe, expect, it } from 'vitest';
import { subjectsTo } from '@rms/test-kit/delivered-mail';
import { api, seedCompany, seedEnrolledUser } from '@rms/test-kit/seed';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import type { TestServer } from '@rms/test-kit/test-server';
import { timeStep, totpAt, totpForStep } from '@rms/test-kit/totp';
import { withServerAndSink } from './support/server-and-sink.js';

let sink: SmtpSink;
let t: TestServer;
withServerAndSink((world) => ({ t, sink } = world));

const LOWERED = "The company's two-factor protection was lowered";

async function companyWithTwoAdmins() {
  const company = await seedCompany(t);
  const ann = await seedEnrolledUser(t, company.id, 'admin');
  const bob = await seedEnrolledUser(t, company.id, 'admin');
  const tech = await seedEnrolledUser(t, company.id, 'user');
  return { company, ann, bob, tech };
}

function putPolicy(token: string, body: Record<string, unknown>) {
  return api<{ error?: string; message?: string; twoFactorAtLogin?: string }>(t, 'PUT', '/company/two-factor-policy', { token, body });
}

async function stored(companyId: string) {
  const company = await t.server.db.selectFrom('companies').selectAll().where('id', '=', companyId).executeTakeFirstOrThrow();
  const plan = await t.server.db.selectFrom('two_factor_rollouts').select('applies_to').where('company_id', '=', companyId).where('ended_at', 'is', null).executeTakeFirst();
  return { required: company.two_factor_at_login, emailCheck: Number(company.verify_email_before_enrollment) === 1, appliesTo: plan?.applies_to ?? null };
}

describe('lowering the company protection needs step-up', () => {
  it('raising needs no code; lowering without a code is 403 step_up_required and changes nothing', async () => {
    const { company, ann } = await companyWithTwoAdmins();
    const token = ann.session.accessToken;
    expect((await putPolicy(token, { twoFactorAtLogin: 'required', verifyEmailBeforeEnrollment: true })).status).toBe(200);
    const before = await stored(company.id);
    expect(before).toEqual({ required: 'required', emailCheck: true, appliesTo: 'everyone' });

    for (const body of [
      { twoFactorAtLogin: 'optional' },
      { twoFactorAtLogin: 'required', verifyEmailBeforeEnrollment: false },
      { twoFactorAtLogin: 'required', appliesTo: 'administrators' },
    ]) {
      const res = await putPolicy(token, body);
      expect(res.status, JSON.stringify(body)).toBe(403);
      expect(res.body.error).toBe('step_up_required');
      expect(res.body.message).toContain('authenticator app');
    }
    expect(await stored(company.id)).toEqual(before);
    // Keeping it (the same plan) or lengthening the grace still needs no code.
    expect((await putPolicy(token, { twoFactorAtLogin: 'required' })).status).toBe(200);
    expect((await putPolicy(token, { twoFactorAtLogin: 'required', graceDays: 7 })).status).toBe(200);
  });

  it('a wrong code and a replayed code are refused before any write; the right code lowers it, audits it and emails every administrator', async () => {
    const { company, ann, bob, tech } = await companyWithTwoAdmins();
    const token = ann.session.accessToken;
    expect((await putPolicy(token, { twoFactorAtLogin: 'required', verifyEmailBeforeEnrollment: true })).status).toBe(200);
    const before = await stored(company.id);

    const wrong = await putPolicy(token, { twoFactorAtLogin: 'optional', code: totpForStep(ann.secret, timeStep(t.clock.now()) + 40) });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_code');
    expect(await stored(company.id)).toEqual(before);

    const code = totpAt(ann.secret, t.clock.now());
    const narrowed = await putPolicy(token, { twoFactorAtLogin: 'required', appliesTo: 'administrators', code });
    expect(narrowed.status).toBe(200);
    expect(await stored(company.id)).toEqual({ ...before, appliesTo: 'administrators' });

    const replay = await putPolicy(token, { twoFactorAtLogin: 'optional', verifyEmailBeforeEnrollment: false, code });
    expect(replay.status).toBe(401);
    expect(replay.body.error).toBe('code_already_used');
    expect(await stored(company.id)).toEqual({ ...before, appliesTo: 'administrators' });

    t.clock.advance(30_000);
    const off = await putPolicy(token, { twoFactorAtLogin: 'optional', verifyEmailBeforeEnrollment: false, code: totpAt(ann.secret, t.clock.now()) });
    expect(off.status).toBe(200);
    expect(await stored(company.id)).toEqual({ required: 'optional', emailCheck: false, appliesTo: null });

    const audit = await api<{ items: Array<{ type: string; actor: { email: string } | null; details: Record<string, unknown> }> }>(t, 'GET', '/company/audit', { token });
    const lowered = audit.body.items.filter((e) => e.type === 'company.protection_lowered');
    expect(lowered.map((e) => e.details['lowerings'])).toEqual([['requirement_turned_off', 'email_check_turned_off'], ['scope_narrowed_to_administrators']]);
    expect(lowered.every((e) => e.actor?.email === ann.email)).toBe(true);

    for (const admin of [ann, bob]) {
      const mails = (await subjectsTo(t, sink, admin.email)).filter((s) => s === LOWERED);
      expect(mails, admin.email).toHaveLength(2);
    }
    const text = (await sink.messagesTo(bob.email)).map((m) => m.text).find((m) => m.includes('from Required to Optional')) ?? '';
    expect(text).toContain(`By: ${ann.email}`);
    expect(text).toContain('The email check before a first two-factor setup was turned off.');
    expect(text).toMatch(/When: /);
    expect((await subjectsTo(t, sink, tech.email)).filter((s) => s === LOWERED)).toEqual([]);
  });
});
