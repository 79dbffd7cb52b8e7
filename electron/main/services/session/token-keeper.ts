import type { Session } from '@rms/shared';
import type { BackendApi } from '../api/backend-api.js';
import type { SessionSend } from '../api/session-endpoints.js';
import { appError, isServiceError } from '../errors/service-error.js';
import type { Logger } from '../logging/logger.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { secretAccount } from '../secrets/secret-store.js';

/** What the keeper needs of the backend: refresh, logout and sending a session request. */
export type TokenBackend = Pick<BackendApi, 'origin' | 'refresh' | 'logout' | 'sendWithToken'>;

/** What the token keeper needs from the rest of the main process. */
export interface TokenKeeperDeps {
  /** The API of the configured backend; throws `backend_not_configured` when none is set. */
  api: () => TokenBackend;
  secrets: SecretStore;
  logger: Logger;
  now?: () => number;
  /** Refresh the access token when it expires within this many ms (default 60 s). */
  refreshMarginMs?: number;
}

/** The tokens of a signed-in session: main-process memory only (the refresh token also in the SecretStore). */
interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  accessExpiresAt: number;
}

/** The session the keeper holds: whose it is and its tokens. */
interface HeldSession {
  origin: string;
  email: string;
  tokens: SessionTokens;
}

/** Whose session the server ended (the keeper has already forgotten it), and the server's reason. */
export interface EndedSession {
  origin: string;
  email: string;
  /** The error code that ended it (`session_revoked`, `refresh_token_reused`, ...), when known. */
  reason?: string;
}

const SESSION_ENDING_CODES = new Set(['invalid_refresh_token', 'refresh_token_reused', 'session_revoked', 'session_expired', 'unauthorized']);

/** The error code of a main-process error, or null. */
export function errorCode(err: unknown): string | null {
  return isServiceError(err) ? err.info.code : null;
}

/** True when the backend refused a refresh token for good (the stored session cannot come back). */
export function isSessionEnding(err: unknown): boolean {
  const code = errorCode(err);
  return code !== null && SESSION_ENDING_CODES.has(code);
}

/**
 * Holds the tokens of the signed-in session and nothing else: the access token in memory, the
 * refresh token in memory and in the SecretStore (the OS keychain). It sends session requests
 * with a fresh access token (refreshed shortly before expiry and once on a 401, one refresh at
 * a time), rotates the keychain entry on every refresh and deletes it when the session ends.
 * Nothing outside services/session/ may use it (lint-enforced): tokens never leave this folder.
 */
export class TokenKeeper {
  private held: HeldSession | null = null;
  private refreshing: Promise<SessionTokens> | null = null;
  private ended: (session: EndedSession) => void | Promise<void> = () => undefined;
  private readonly now: () => number;
  private readonly margin: number;

  constructor(private readonly deps: TokenKeeperDeps) {
    this.now = deps.now ?? Date.now;
    this.margin = deps.refreshMarginMs ?? 60_000;
  }

  /** Sets who hears that the server ended the session (revoked, reused or refused refresh token). */
  onSessionEnded(listener: (session: EndedSession) => void | Promise<void>): void {
    this.ended = listener;
  }

  /** True while a session is held. */
  holds(): boolean {
    return this.held !== null;
  }

  /** Keeps a fresh session from the backend: the refresh token goes to the SecretStore first. */
  async take(origin: string, session: Session): Promise<void> {
    const tokens = this.tokensOf(session);
    await this.deps.secrets.set(secretAccount(origin, session.user.email), tokens.refreshToken);
    this.held = { origin, email: session.user.email, tokens };
  }

  /**
   * Resumes the session stored for an account (on start): refreshes with the keychain's token
   * and keeps the new session. Answers the session's email, or null when nothing is stored. A
   * refresh token the backend refuses for good is deleted before the error is rethrown.
   */
  async resume(origin: string, email: string): Promise<string | null> {
    const account = secretAccount(origin, email);
    const refreshToken = await this.deps.secrets.get(account);
    if (!refreshToken) return null;
    try {
      const answer = await this.deps.api().refresh(refreshToken);
      await this.take(origin, answer.session);
      return answer.session.user.email;
    } catch (err) {
      if (isSessionEnding(err)) await this.deps.secrets.delete(account);
      throw err;
    }
  }

  /**
   * Runs session requests with a fresh access token: refreshes shortly before expiry and once
   * more on a 401. A revoked session (or a reused refresh token) ends the session.
   */
  async authorized<T>(run: (send: SessionSend) => Promise<T>): Promise<T> {
    if (!this.held) throw appError('not_signed_in');
    const api = this.deps.api();
    let tokens = this.held.tokens;
    if (tokens.accessExpiresAt - this.now() < this.margin) tokens = await this.refresh();
    try {
      return await run(this.sender(api, tokens));
    } catch (err) {
      const code = errorCode(err);
      if (code === 'unauthorized' || code === 'session_expired') {
        tokens = await this.refresh();
        return await run(this.sender(api, tokens));
      }
      if (code === 'session_revoked' || code === 'refresh_token_reused') await this.end(code);
      throw err;
    }
  }

  /** Signs out: revokes the session on the server (best effort), deletes the keychain entry, forgets the tokens. */
  async release(): Promise<void> {
    const held = this.held;
    if (!held) return;
    this.held = null;
    try {
      await this.deps.api().logout(held.tokens.accessToken, held.tokens.refreshToken);
    } catch (err) {
      this.deps.logger.warn('logout request failed; the session is forgotten locally', { code: errorCode(err) ?? 'unknown' });
    }
    await this.deps.secrets.delete(secretAccount(held.origin, held.email));
  }

  /** Forgets the tokens in memory (the backend changed); the keychain entry stays for that backend. */
  drop(): void {
    this.held = null;
  }

  /** True when the text contains a token of the held session (the fence before anything leaves main). */
  leaks(text: string): boolean {
    if (!this.held) return false;
    const { accessToken, refreshToken } = this.held.tokens;
    return text.includes(accessToken) || text.includes(refreshToken);
  }

  private sender(api: TokenBackend, tokens: SessionTokens): SessionSend {
    return (request) => api.sendWithToken(tokens.accessToken, request);
  }

  /** Rotates the refresh token (single flight); a refused refresh ends the session. */
  private refresh(): Promise<SessionTokens> {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async doRefresh(): Promise<SessionTokens> {
    const held = this.held;
    if (!held) throw appError('not_signed_in');
    try {
      const answer = await this.deps.api().refresh(held.tokens.refreshToken);
      const tokens = this.tokensOf(answer.session);
      await this.deps.secrets.set(secretAccount(held.origin, held.email), tokens.refreshToken);
      if (this.held === held) this.held = { ...held, tokens };
      return tokens;
    } catch (err) {
      if (isSessionEnding(err)) {
        await this.end(errorCode(err) ?? undefined);
        throw appError('not_signed_in');
      }
      throw err;
    }
  }

  /** The server ended the session: forget it here and in the keychain, then tell the listener. */
  private async end(reason?: string): Promise<void> {
    const held = this.held;
    if (!held) return;
    this.held = null;
    await this.deps.secrets.delete(secretAccount(held.origin, held.email));
    await this.ended({ origin: held.origin, email: held.email, ...(reason ? { reason } : {}) });
  }

  private tokensOf(session: Session): SessionTokens {
    return {
      accessToken: session.accessToken,
      refreshToken: session.refreshToken,
      accessExpiresAt: this.now() + session.expiresIn * 1000,
    };
  }
}
