import { describe, expect, it } from 'vitest';
import type { Session } from '@rms/shared';
import { SESSION_ENDPOINTS } from '../api/session-endpoints.js';
import { appError } from '../errors/service-error.js';
import { createSilentLogger } from '../logging/logger.js';
import { MemorySecretStore } from '../secrets/memory-secret-store.js';
import { secretAccount } from '../secrets/secret-store.js';
import type { EndedSession, TokenBackend } from './token-keeper.js';
import { TokenKeeper } from './token-keeper.js';

// Unit test of the token keeper alone: a fake backend (no HTTP), the keychain in memory, a manual clock.

const ORIGIN = 'https://rms.test';
const EMAIL = 'ada@example.com';
const ACCOUNT = secretAccount(ORIGIN, EMAIL);

function session(n: number, expiresIn = 900): Session {
  return {
    accessToken: `access-token-${n}-0123456789`,
    refreshToken: `refresh-token-${n}-0123456789`,
    expiresIn,
    user: { id: 'u1', email: EMAIL, name: 'Ada', role: 'user', companyId: 'c1', twoFactor: { enabled: false, enabledAt: null, backupCodeCreatedAt: null } },
  };
}

/** A backend that issues numbered sessions, rotates refresh tokens and answers /me for a live access token. */
function fakeBackend() {
  let issued = 1;
  const live = { access: new Set([session(1).accessToken]), refresh: new Set([session(1).refreshToken]) };
  const log: string[] = [];
  let refreshFailure: Error | null = null;
  let meFailure: (() => Error | null) | null = null;
  const api: TokenBackend = {
    origin: ORIGIN,
    async refresh(refreshToken) {
      log.push(`refresh ${refreshToken}`);
      await new Promise((r) => setTimeout(r, 5));
      if (refreshFailure) throw refreshFailure;
      if (!live.refresh.delete(refreshToken)) throw appError('refresh_token_reused');
      const next = session(++issued);
      live.access.add(next.accessToken);
      live.refresh.add(next.refreshToken);
      return { status: 'authenticated' as const, session: next };
    },
    async logout(accessToken, refreshToken) {
      log.push(`logout ${accessToken} ${refreshToken}`);
      throw appError('backend_unreachable');
    },
    async sendWithToken(accessToken, request) {
      log.push(`${request.method} ${request.path} ${accessToken}`);
      const failure = meFailure?.();
      if (failure) throw failure;
      if (!live.access.has(accessToken)) throw appError('unauthorized');
      return { ok: true } as never;
    },
  };
  return {
    api,
    log,
    expireAccess: () => live.access.clear(),
    failRefresh: (err: Error | null) => void (refreshFailure = err),
    failRequests: (fn: (() => Error | null) | null) => void (meFailure = fn),
  };
}

function keeper(options: { now?: () => number } = {}) {
  const backend = fakeBackend();
  const secrets = new MemorySecretStore();
  const ended: EndedSession[] = [];
  const log: { level: string; message: string }[] = [];
  const k = new TokenKeeper({ api: () => backend.api, secrets, logger: createSilentLogger(log), now: options.now ?? (() => 0) });
  k.onSessionEnded((s) => void ended.push(s));
  return { k, backend, secrets, ended, log };
}

const me = (k: TokenKeeper) => k.authorized((send) => SESSION_ENDPOINTS.me(send));

describe('token keeper', () => {
  it('keeps a new session: the refresh token goes to the keychain, requests carry the access token', async () => {
    const { k, backend, secrets } = keeper();
    expect(k.holds()).toBe(false);
    await expect(me(k)).rejects.toMatchObject({ info: { code: 'not_signed_in' } });
    await k.take(ORIGIN, session(1));
    expect(await secrets.get(ACCOUNT)).toBe(session(1).refreshToken);
    expect(await me(k)).toEqual({ ok: true });
    expect(backend.log).toEqual([`GET /me ${session(1).accessToken}`]);
    expect(k.leaks(`{"x":"${session(1).accessToken}"}`)).toBe(true);
    expect(k.leaks(`{"x":"${session(1).refreshToken}"}`)).toBe(true);
    expect(k.leaks('{"x":"nothing"}')).toBe(false);
  });

  it('refreshes once for concurrent calls shortly before expiry, rotating the keychain entry', async () => {
    let now = 0;
    const { k, backend, secrets } = keeper({ now: () => now });
    await k.take(ORIGIN, session(1));
    now = 900_000 - 30_000; // 30 s left: inside the 60 s margin
    await Promise.all([me(k), me(k), me(k)]);
    expect(backend.log.filter((l) => l.startsWith('refresh'))).toEqual([`refresh ${session(1).refreshToken}`]);
    expect(backend.log.filter((l) => l.startsWith('GET'))).toEqual(Array(3).fill(`GET /me ${session(2).accessToken}`));
    expect(await secrets.get(ACCOUNT)).toBe(session(2).refreshToken);
    expect(k.leaks(session(1).accessToken)).toBe(false);
  });

  it('on a 401 refreshes once and repeats the call; a second 401 is the answer', async () => {
    const { k, backend } = keeper();
    await k.take(ORIGIN, session(1));
    backend.expireAccess();
    expect(await me(k)).toEqual({ ok: true });
    expect(backend.log).toEqual([`GET /me ${session(1).accessToken}`, `refresh ${session(1).refreshToken}`, `GET /me ${session(2).accessToken}`]);
    backend.failRequests(() => appError('unauthorized'));
    await expect(me(k)).rejects.toMatchObject({ info: { code: 'unauthorized' } });
    expect(backend.log.filter((l) => l.startsWith('refresh'))).toHaveLength(2);
  });

  it('a refused refresh ends the session: keychain entry deleted, listener told, not_signed_in', async () => {
    const { k, backend, secrets, ended } = keeper();
    await k.take(ORIGIN, session(1));
    backend.expireAccess();
    backend.failRefresh(appError('invalid_refresh_token'));
    await expect(me(k)).rejects.toMatchObject({ info: { code: 'not_signed_in' } });
    expect(await secrets.get(ACCOUNT)).toBeNull();
    expect(ended).toEqual([{ origin: ORIGIN, email: EMAIL, reason: 'invalid_refresh_token' }]);
    expect(k.holds()).toBe(false);
  });

  it('a revoked session ends it too, and the error is passed on', async () => {
    const { k, backend, secrets, ended } = keeper();
    await k.take(ORIGIN, session(1));
    backend.failRequests(() => appError('session_revoked'));
    await expect(me(k)).rejects.toMatchObject({ info: { code: 'session_revoked' } });
    expect(await secrets.get(ACCOUNT)).toBeNull();
    expect(ended).toEqual([{ origin: ORIGIN, email: EMAIL, reason: 'session_revoked' }]);
  });

  it('other failures leave the session alone', async () => {
    const { k, backend, secrets, ended } = keeper();
    await k.take(ORIGIN, session(1));
    backend.failRequests(() => appError('forbidden'));
    await expect(me(k)).rejects.toMatchObject({ info: { code: 'forbidden' } });
    expect(k.holds()).toBe(true);
    expect(await secrets.get(ACCOUNT)).toBe(session(1).refreshToken);
    expect(ended).toEqual([]);
  });

  it('release revokes on the server (best effort) and deletes the keychain entry even when that fails', async () => {
    const { k, backend, secrets, log } = keeper();
    await k.take(ORIGIN, session(1));
    await k.release();
    expect(backend.log).toEqual([`logout ${session(1).accessToken} ${session(1).refreshToken}`]);
    expect(await secrets.get(ACCOUNT)).toBeNull();
    expect(k.holds()).toBe(false);
    expect(log).toMatchObject([{ level: 'warn', message: 'logout request failed; the session is forgotten locally' }]);
  });

  it('resumes the stored session with a refresh; nothing stored is null; a refused token is deleted', async () => {
    const { k, backend, secrets } = keeper();
    expect(await k.resume(ORIGIN, EMAIL)).toBeNull();
    await secrets.set(ACCOUNT, session(1).refreshToken);
    expect(await k.resume(ORIGIN, EMAIL)).toBe(EMAIL);
    expect(await secrets.get(ACCOUNT)).toBe(session(2).refreshToken);
    expect(await me(k)).toEqual({ ok: true });

    k.drop();
    expect(k.holds()).toBe(false);
    expect(await secrets.get(ACCOUNT)).toBe(session(2).refreshToken); // drop() forgets memory only
    backend.failRefresh(appError('backend_unreachable'));
    await expect(k.resume(ORIGIN, EMAIL)).rejects.toMatchObject({ info: { code: 'backend_unreachable' } });
    expect(await secrets.get(ACCOUNT)).toBe(session(2).refreshToken); // kept for the next start
    backend.failRefresh(appError('refresh_token_reused'));
    await expect(k.resume(ORIGIN, EMAIL)).rejects.toMatchObject({ info: { code: 'refresh_token_reused' } });
    expect(await secrets.get(ACCOUNT)).toBeNull();
  });
});
