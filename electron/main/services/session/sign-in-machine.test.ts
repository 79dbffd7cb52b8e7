import { describe, expect, it } from 'vitest';
import type { AppNotice, AuthState, MeResponse, Session } from '@rms/shared';
import type { SessionSend } from '../api/session-endpoints.js';
import type { Settings } from '../config/settings-store.js';
import { appError } from '../errors/service-error.js';
import { createSilentLogger } from '../logging/logger.js';
import type { SignInBackend, SignInMachineDeps } from './sign-in-machine.js';
import { SignInMachine } from './sign-in-machine.js';
import type { EndedSession } from './token-keeper.js';

// Unit test of the sign-in state machine alone: a fake backend API, a fake token keeper and
// settings in memory. No HTTP, no keychain, no disk. The same flows against the real backend:
// ../main-services.integration.test.ts.

const ORIGIN = 'https://rms.test';
const EXPIRES = '2030-01-01T00:00:00.000Z';
const PENDING = { secret: 'JBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/RMS:ada', expiresAt: EXPIRES };

function user(email: string, enabled = false) {
  return { id: 'u1', email, name: 'Ada', role: 'admin' as const, companyId: 'c1', twoFactor: { enabled, enabledAt: null, backupCodeCreatedAt: null } };
}

function meOf(email: string, extra: Partial<MeResponse> = {}): MeResponse {
  return { user: user(email), company: { id: 'c1', name: 'Acme', twoFactorAtLogin: 'optional' }, enrollmentRequired: false, enrollmentDeadline: null, ...extra };
}

function sessionOf(email: string): Session {
  return { accessToken: 'a-token', refreshToken: 'r-token', expiresIn: 900, user: user(email) };
}

/** The sign-in endpoints, answering what each test scripts; every call is logged. */
function fakeApi(script: Partial<Record<keyof Omit<SignInBackend, 'origin'>, (...args: string[]) => unknown>>) {
  const calls: string[] = [];
  const api = { origin: ORIGIN } as Record<string, unknown>;
  for (const name of ['login', 'verify', 'recover', 'recoverWithTemporaryCode', 'startSignInEnrollment', 'confirmSignInEnrollment', 'completeSignInEnrollment'] as const) {
    api[name] = async (...args: string[]) => {
      calls.push(`${name}(${args.join(', ')})`);
      const answer = script[name];
      if (!answer) throw new Error(`unexpected ${name}`);
      return answer(...args);
    };
  }
  return { api: api as unknown as SignInBackend, calls };
}

/** A token keeper that records what the machine asks of it and answers session requests by path. */
function fakeKeeper(routes: Record<string, () => unknown> = {}) {
  const log: string[] = [];
  let ended: (s: EndedSession) => void | Promise<void> = () => undefined;
  let held: Session | null = null;
  let stored: { email: string; answer: () => string | null } | null = null;
  const send = (async (request: { method: string; path: string }) => {
    const key = `${request.method} ${request.path}`;
    log.push(key);
    const route = routes[key];
    if (!route) throw new Error(`unexpected ${key}`);
    return route();
  }) as SessionSend;
  const keeper: SignInMachineDeps['keeper'] = {
    async take(origin, session) {
      log.push(`take ${origin} ${session.user.email}`);
      held = session;
    },
    async resume(origin, email) {
      log.push(`resume ${origin} ${email}`);
      return stored && stored.email === email ? stored.answer() : null;
    },
    async authorized(run) {
      if (!held) throw appError('not_signed_in');
      return run(send);
    },
    async release() {
      log.push('release');
      held = null;
    },
    drop() {
      log.push('drop');
      held = null;
    },
    leaks: (text) => held !== null && text.includes(held.accessToken),
    onSessionEnded(listener) {
      ended = listener;
    },
  };
  return {
    keeper,
    log,
    store(email: string, answer: () => string | null) {
      stored = { email, answer };
    },
    holdFor(email: string) {
      held = sessionOf(email);
    },
    async endSession() {
      const email = held?.user.email ?? '';
      held = null;
      await ended({ origin: ORIGIN, email });
    },
  };
}

function machine(api: SignInBackend, keeper: SignInMachineDeps['keeper'], initial: Settings = {}) {
  let settings: Settings = { ...initial };
  const published: AuthState[] = [];
  const notices: AppNotice[] = [];
  const m = new SignInMachine({
    api: () => api,
    keeper,
    settings: {
      read: async () => settings,
      update: async (change) => {
        settings = { ...settings, ...change };
        for (const key of Object.keys(settings) as (keyof Settings)[]) if (settings[key] === undefined) delete settings[key];
        return settings;
      },
    },
    logger: createSilentLogger(),
    onStateChanged: (state) => published.push(state),
    onNotice: (notice) => notices.push(notice),
  });
  return { m, published, notices, settings: () => settings };
}

const codeOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (err: { info?: { code: string } }) => err.info?.code ?? String(err));

describe('sign-in state machine', () => {
  it('password only: the keeper takes the session, /me is loaded, signed_in is published once', async () => {
    const email = 'ada@example.com';
    const { api, calls } = fakeApi({ login: () => ({ status: 'authenticated', session: sessionOf(email) }) });
    const k = fakeKeeper({ 'GET /me': () => meOf(email) });
    const { m, published, settings } = machine(api, k.keeper);
    expect(await m.signIn(` ${email} `, 'pw')).toEqual({ kind: 'signed_in', me: meOf(email) });
    expect(calls).toEqual([`login(${email}, pw)`]);
    expect(k.log).toEqual([`take ${ORIGIN} ${email}`, 'GET /me']);
    expect(settings()).toEqual({ lastAccount: { origin: ORIGIN, email } });
    expect(published).toEqual([{ kind: 'signed_in', me: meOf(email) }]);
  });

  it('refuses an address that is not one before asking the backend', async () => {
    const { api, calls } = fakeApi({});
    const { m } = machine(api, fakeKeeper().keeper);
    expect(await codeOf(m.signIn('not-an-address', 'pw'))).toBe('invalid_input');
    expect(calls).toEqual([]);
  });

  it('with 2FA: code_required holds the challenge; a malformed code is refused locally; the right code signs in', async () => {
    const email = 'bo@example.com';
    const { api, calls } = fakeApi({
      login: () => ({ status: 'code_required', challenge: 'challenge-secret-1', expiresAt: EXPIRES }),
      verify: () => ({ status: 'authenticated', session: sessionOf(email) }),
    });
    const k = fakeKeeper({ 'GET /me': () => meOf(email) });
    const { m, published } = machine(api, k.keeper);
    expect(await m.signIn(email, 'pw')).toEqual({ kind: 'code_required', email, expiresAt: EXPIRES });
    expect(JSON.stringify(published)).not.toContain('challenge-secret-1');
    expect(m.leaksSecret('{"x":"challenge-secret-1"}')).toBe(true);
    expect(await codeOf(m.verifyCode('12a456'))).toBe('invalid_input');
    expect(await m.verifyCode(' 123 456 ')).toMatchObject({ kind: 'signed_in' });
    expect(calls).toEqual([`login(${email}, pw)`, 'verify(challenge-secret-1, 123456)']);
    expect(m.leaksSecret('{"x":"challenge-secret-1"}')).toBe(false);
    expect(m.leaksSecret('{"x":"a-token"}')).toBe(true); // the keeper's tokens count too
  });

  it('an expired challenge ends the sign-in: back to the email step, the error passed on', async () => {
    const email = 'cy@example.com';
    const { api } = fakeApi({
      login: () => ({ status: 'code_required', challenge: 'c-2', expiresAt: EXPIRES }),
      verify: () => Promise.reject(appError('challenge_expired')),
    });
    const { m } = machine(api, fakeKeeper().keeper);
    await m.signIn(email, 'pw');
    expect(await codeOf(m.verifyCode('123456'))).toBe('challenge_expired');
    expect(m.getState()).toEqual({ kind: 'signed_out', email });
    expect(await codeOf(m.verifyCode('123456'))).toBe('invalid_challenge');
  });

  it('backup code while 2FA is required: enrollment through the challenge, then signed in', async () => {
    const email = 'di@example.com';
    const { api, calls } = fakeApi({
      login: () => ({ status: 'code_required', challenge: 'c-3', expiresAt: EXPIRES }),
      recover: () => ({ status: 'enrollment_required', challenge: 'c-4', expiresAt: EXPIRES }),
      startSignInEnrollment: () => PENDING,
      confirmSignInEnrollment: () => ({ backupCode: 'NEW' }),
      completeSignInEnrollment: () => ({ status: 'authenticated', session: sessionOf(email) }),
    });
    const k = fakeKeeper({ 'GET /me': () => meOf(email) });
    const { m } = machine(api, k.keeper);
    await m.signIn(email, 'pw');
    expect(await codeOf(m.recover('short'))).toBe('invalid_input');
    expect(await m.recover('abcde-fghij-klmno-pqrs2')).toEqual({ kind: 'enrollment_required', email, via: 'sign_in', expiresAt: EXPIRES, afterRecovery: true });
    expect(await m.startEnrollment()).toEqual(PENDING);
    expect(await m.confirmEnrollment('123456')).toEqual({ backupCode: 'NEW' });
    expect(await m.completeEnrollment()).toMatchObject({ kind: 'signed_in' });
    expect(calls.slice(1)).toEqual([
      'recover(c-3, ABCDEFGHIJKLMNOPQRS2)',
      'startSignInEnrollment(c-4)',
      'confirmSignInEnrollment(c-4, 123456)',
      'completeSignInEnrollment(c-4)',
    ]);
    expect(k.log).toEqual([`take ${ORIGIN} ${email}`, 'GET /me']);
  });

  it('temporary access code: checked for shape, then the enrollment of a new phone, started with the emailed code when asked', async () => {
    const email = 'tc@example.com';
    const { api, calls } = fakeApi({
      login: () => ({ status: 'code_required', challenge: 'c-5', expiresAt: EXPIRES }),
      recoverWithTemporaryCode: () => ({ status: 'enrollment_required', challenge: 'c-6', expiresAt: EXPIRES }),
      startSignInEnrollment: () => PENDING,
    });
    const { m } = machine(api, fakeKeeper().keeper);
    await m.signIn(email, 'pw');
    expect(await codeOf(m.recoverWithTemporaryCode('abcd-efgh'))).toBe('invalid_input');
    expect(await m.recoverWithTemporaryCode('abcd efgh jklm')).toEqual({ kind: 'enrollment_required', email, via: 'sign_in', expiresAt: EXPIRES, afterTemporaryCode: true });
    expect(await codeOf(m.startEnrollment('12'))).toBe('invalid_input');
    expect(await m.startEnrollment('123 456')).toEqual(PENDING);
    expect(calls.slice(1)).toEqual(['recoverWithTemporaryCode(c-5, ABCDEFGHJKLM)', 'startSignInEnrollment(c-6, 123456)']);
  });

  it('a held session (enrollment_required from the server) moves to the wizard, which then runs on the session', async () => {
    const email = 'ed@example.com';
    let enabled = false;
    const { api } = fakeApi({ login: () => ({ status: 'authenticated', session: sessionOf(email) }) });
    const k = fakeKeeper({
      'GET /me': () => meOf(email, enabled ? {} : { enrollmentRequired: false }),
      'GET /company': () => Promise.reject(appError('enrollment_required')),
      'POST /me/two-factor/enrollment': () => PENDING,
      'POST /me/two-factor/enrollment/confirm': () => ({ backupCode: 'B' }),
      'POST /me/two-factor/enrollment/complete': () => {
        enabled = true;
        return { twoFactor: { enabled: true, enabledAt: EXPIRES, backupCodeCreatedAt: EXPIRES } };
      },
    });
    const { m, published } = machine(api, k.keeper);
    await m.signIn(email, 'pw');
    expect(await codeOf(m.api.company())).toBe('enrollment_required');
    expect(m.getState()).toEqual({ kind: 'enrollment_required', email, via: 'session' });
    expect(published.at(-1)).toEqual({ kind: 'enrollment_required', email, via: 'session' });
    expect(await m.startEnrollment()).toEqual(PENDING);
    expect(await m.confirmEnrollment('654321')).toEqual({ backupCode: 'B' });
    expect(await m.completeEnrollment()).toMatchObject({ kind: 'signed_in', me: { enrollmentRequired: false } });
    expect(k.log.slice(-4)).toEqual(['POST /me/two-factor/enrollment', 'POST /me/two-factor/enrollment/confirm', 'POST /me/two-factor/enrollment/complete', 'GET /me']);
  });

  it('cancel abandons a sign-in in progress and leaves a signed-in session alone', async () => {
    const email = 'fi@example.com';
    const { api } = fakeApi({ login: () => ({ status: 'enrollment_required', challenge: 'c-5', expiresAt: EXPIRES }) });
    const { m } = machine(api, fakeKeeper().keeper);
    await m.signIn(email, 'pw');
    expect(await m.cancel()).toEqual({ kind: 'signed_out', email });
    expect(await m.cancel()).toEqual({ kind: 'signed_out', email });
  });

  it('the session calls refuse when nobody is signed in, without asking the keeper', async () => {
    const k = fakeKeeper();
    const { m } = machine(fakeApi({}).api, k.keeper);
    expect(await codeOf(m.api.company())).toBe('not_signed_in');
    expect(await codeOf(m.loadMe())).toBe('not_signed_in');
    expect(k.log).toEqual([]);
  });

  it('a session the server ended: signed out with the email kept, one notice, last account forgotten', async () => {
    const email = 'gu@example.com';
    const { api } = fakeApi({ login: () => ({ status: 'authenticated', session: sessionOf(email) }) });
    const k = fakeKeeper({ 'GET /me': () => meOf(email) });
    const { m, notices, published, settings } = machine(api, k.keeper);
    await m.signIn(email, 'pw');
    await k.endSession();
    expect(m.getState()).toEqual({ kind: 'signed_out', email });
    expect(published.at(-1)).toEqual({ kind: 'signed_out', email });
    expect(notices).toEqual([{ level: 'warning', code: 'session_ended', message: 'Your session has ended. Sign in again.' }]);
    expect(settings()).toEqual({});
  });

  it('sign-out: the keeper releases the session, the last account is forgotten', async () => {
    const email = 'ha@example.com';
    const { api } = fakeApi({ login: () => ({ status: 'authenticated', session: sessionOf(email) }) });
    const k = fakeKeeper({ 'GET /me': () => meOf(email) });
    const { m, settings } = machine(api, k.keeper);
    await m.signIn(email, 'pw');
    expect(await m.signOut()).toEqual({ kind: 'signed_out', email });
    expect(k.log.at(-1)).toBe('release');
    expect(settings()).toEqual({});
  });

  it('restore: nothing stored, a resumed session, a refused one (forgotten), an unreachable server (kept, with a notice)', async () => {
    const email = 'io@example.com';
    const last = { lastAccount: { origin: ORIGIN, email } };

    const none = fakeKeeper();
    expect(await machine(fakeApi({}).api, none.keeper, last).m.restore()).toEqual({ kind: 'signed_out', email });
    expect(await machine(fakeApi({}).api, none.keeper, { lastAccount: { origin: 'https://other.test', email } }).m.restore()).toEqual({ kind: 'signed_out' });

    const resumed = fakeKeeper({ 'GET /me': () => meOf(email) });
    resumed.store(email, () => {
      resumed.holdFor(email);
      return email;
    });
    const ok = machine(fakeApi({}).api, resumed.keeper, last);
    expect(await ok.m.restore()).toMatchObject({ kind: 'signed_in', me: { user: { email } } });
    expect(ok.published).toHaveLength(1);

    const refused = fakeKeeper();
    refused.store(email, () => {
      throw appError('invalid_refresh_token');
    });
    const gone = machine(fakeApi({}).api, refused.keeper, last);
    expect(await gone.m.restore()).toEqual({ kind: 'signed_out', email });
    expect(gone.settings()).toEqual({});
    expect(gone.notices).toEqual([]);

    const down = fakeKeeper();
    down.store(email, () => {
      throw appError('backend_unreachable');
    });
    const kept = machine(fakeApi({}).api, down.keeper, last);
    expect(await kept.m.restore()).toEqual({ kind: 'signed_out', email });
    expect(kept.settings()).toEqual(last);
    expect(kept.notices).toEqual([{ level: 'warning', code: 'backend_unreachable', message: expect.stringMatching(/^Your previous session could not be resumed\. The RMS server cannot be reached/) }]);
  });

  it('a backend change forgets the session in memory', async () => {
    const email = 'ju@example.com';
    const { api } = fakeApi({ login: () => ({ status: 'authenticated', session: sessionOf(email) }) });
    const k = fakeKeeper({ 'GET /me': () => meOf(email) });
    const { m } = machine(api, k.keeper);
    await m.signIn(email, 'pw');
    expect(m.resetForBackendChange()).toEqual({ kind: 'signed_out' });
    expect(k.log.at(-1)).toBe('drop');
  });
});
