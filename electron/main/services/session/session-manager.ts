import type { AppNotice, AuthState, BackupCodeResult, MeResponse, PendingSecret, Session } from '@rms/shared';
import { normalizeBackupCode, normalizeTotpCode } from '@rms/shared';
import type { BackendApi } from '../api/backend-api.js';
import type { SettingsStore } from '../config/settings-store.js';
import { appError, isRmsError } from '../errors/rms-error.js';
import type { Logger } from '../logging/logger.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { secretAccount } from '../secrets/secret-store.js';
import type { InternalState, SessionTokens } from './session-state.js';
import { toAuthState } from './session-state.js';

/** What the session manager needs from the rest of the main process. */
export interface SessionManagerDeps {
  /** The API of the configured backend; throws `backend_not_configured` when none is set. */
  api: () => BackendApi;
  secrets: SecretStore;
  settings: SettingsStore;
  logger: Logger;
  onStateChanged: (state: AuthState) => void;
  onNotice: (notice: AppNotice) => void;
  now?: () => number;
  /** Refresh the access token when it expires within this many ms (default 60 s). */
  refreshMarginMs?: number;
}

const SESSION_ENDING_CODES = new Set(['invalid_refresh_token', 'refresh_token_reused', 'session_revoked', 'session_expired', 'unauthorized']);
const CHALLENGE_ENDING_CODES = new Set(['invalid_challenge', 'challenge_expired']);

function codeFrom(err: unknown): string | null {
  return isRmsError(err) ? err.info.code : null;
}

/** Normalises a typed authenticator code or answers `invalid_input` with a sentence (no request is sent). */
export function requireTotpCode(input: string): string {
  const code = normalizeTotpCode(input);
  if (!code) throw appError('invalid_input', 'Enter the 6 digits your authenticator app shows (spaces and dashes are fine).');
  return code;
}

/**
 * The state machine behind AuthState: sign-in, code, backup code, enrollment, refresh and
 * sign-out. The access token stays in memory; the refresh token goes to the SecretStore.
 */
export class SessionManager {
  private state: InternalState = { kind: 'signed_out' };
  private refreshing: Promise<SessionTokens> | null = null;
  private readonly now: () => number;
  private readonly margin: number;

  constructor(private readonly deps: SessionManagerDeps) {
    this.now = deps.now ?? Date.now;
    this.margin = deps.refreshMarginMs ?? 60_000;
  }

  /** The renderer-facing state (never carries a token). */
  getState(): AuthState {
    return toAuthState(this.state);
  }

  private lastPublished = JSON.stringify(toAuthState(this.state));

  /** Moves to a new state and publishes `auth:stateChanged` when what the renderer sees changed. */
  private setState(next: InternalState): AuthState {
    this.state = next;
    const auth = toAuthState(next);
    const serialized = JSON.stringify(auth);
    if (serialized !== this.lastPublished) {
      this.lastPublished = serialized;
      this.deps.onStateChanged(auth);
    }
    return auth;
  }

  /** On start: restores the last account's session from the keychain (via a refresh), else signed out. */
  async restore(): Promise<AuthState> {
    const settings = await this.deps.settings.read();
    const last = settings.lastAccount;
    let api: BackendApi;
    try {
      api = this.deps.api();
    } catch {
      return this.setState({ kind: 'signed_out' });
    }
    if (!last || last.origin !== api.origin) return this.setState({ kind: 'signed_out' });
    const account = secretAccount(last.origin, last.email);
    const refreshToken = await this.deps.secrets.get(account);
    if (!refreshToken) return this.setState({ kind: 'signed_out', email: last.email });
    try {
      const answer = await api.refresh(refreshToken);
      return await this.establish(api, answer.session);
    } catch (err) {
      const code = codeFrom(err);
      if (code && SESSION_ENDING_CODES.has(code)) {
        await this.forget(last.origin, last.email);
        this.deps.logger.info('stored session no longer valid; signed out', { code });
      } else {
        // Kept in the keychain: the next start (or a sign-in) can still use it.
        this.deps.logger.warn('could not restore the session', { code: code ?? 'unknown' });
        if (isRmsError(err)) {
          this.deps.onNotice({ level: 'warning', code: err.info.code, message: `Your previous session could not be resumed. ${err.info.message}` });
        }
      }
      return this.setState({ kind: 'signed_out', email: last.email });
    }
  }

  /** Signs in with email and password: signed in, or a code / enrollment is required. */
  async signIn(emailInput: string, password: string): Promise<AuthState> {
    const email = emailInput.trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw appError('invalid_input', 'Enter a valid email address, such as name@example.com.');
    const api = this.deps.api();
    if (this.state.kind === 'session') await this.signOut(); // one account at a time
    const answer = await api.login(email, password);
    if (answer.status === 'authenticated') return this.establish(api, answer.session);
    return this.setState({
      kind: 'challenge',
      purpose: answer.status === 'code_required' ? 'code' : 'enrollment',
      challenge: answer.challenge,
      email,
      expiresAt: answer.expiresAt,
    });
  }

  /** Answers the code_required step with an authenticator code. */
  async verifyCode(input: string): Promise<AuthState> {
    const challenge = this.requireChallenge('code');
    const code = requireTotpCode(input);
    const api = this.deps.api();
    const answer = await this.challengeCall(() => api.verify(challenge.challenge, code));
    return this.establish(api, answer.session);
  }

  /** "Don't know the code": signs in with the backup code, which resets 2FA. */
  async recover(input: string): Promise<AuthState> {
    const challenge = this.requireChallenge('code');
    const backupCode = normalizeBackupCode(input);
    if (!backupCode) {
      throw appError('invalid_input', 'A backup code has 20 letters and digits, like ABCDE-FGHIJ-KLMNO-PQRST. Check it and try again.');
    }
    const api = this.deps.api();
    const answer = await this.challengeCall(() => api.recover(challenge.challenge, backupCode));
    if (answer.status === 'authenticated') return this.establish(api, answer.session);
    return this.setState({
      kind: 'challenge',
      purpose: 'enrollment',
      challenge: answer.challenge,
      email: challenge.email,
      expiresAt: answer.expiresAt,
      afterRecovery: true,
    });
  }

  /** Abandons a sign-in in progress (code or enrollment step); a signed-in session is left alone. */
  async cancel(): Promise<AuthState> {
    if (this.state.kind === 'challenge') return this.setState({ kind: 'signed_out', email: this.state.email });
    if (this.state.kind === 'session' && this.state.me.enrollmentRequired) return this.signOut();
    return this.getState();
  }

  /** Signs out: revokes the session on the server (best effort), deletes the keychain entry, clears memory. */
  async signOut(): Promise<AuthState> {
    const current = this.state;
    if (current.kind === 'session') {
      this.state = { kind: 'signed_out', email: current.email };
      try {
        await this.deps.api().logout(current.tokens.accessToken, current.tokens.refreshToken);
      } catch (err) {
        this.deps.logger.warn('logout request failed; the session is forgotten locally', { code: codeFrom(err) ?? 'unknown' });
      }
      await this.forget(current.origin, current.email);
      return this.setState({ kind: 'signed_out', email: current.email });
    }
    return this.setState({ kind: 'signed_out', ...(current.kind === 'challenge' ? { email: current.email } : {}) });
  }

  /** Starts the 2FA wizard: with the sign-in challenge, or with the session. */
  async startEnrollment(): Promise<PendingSecret> {
    if (this.state.kind === 'challenge' && this.state.purpose === 'enrollment') {
      const { challenge } = this.state;
      const api = this.deps.api();
      return this.challengeCall(() => api.startSignInEnrollment(challenge));
    }
    return this.withAccess((api, token) => api.startAccountEnrollment(token));
  }

  /** Confirms the wizard's code; answers the backup code (shown once). */
  async confirmEnrollment(input: string): Promise<BackupCodeResult> {
    const code = requireTotpCode(input);
    if (this.state.kind === 'challenge' && this.state.purpose === 'enrollment') {
      const { challenge } = this.state;
      const api = this.deps.api();
      return this.challengeCall(() => api.confirmSignInEnrollment(challenge, code));
    }
    return this.withAccess((api, token) => api.confirmAccountEnrollment(token, code));
  }

  /** Finishes the wizard (backup code saved): turns 2FA on and signs in / releases a held session. */
  async completeEnrollment(): Promise<AuthState> {
    if (this.state.kind === 'challenge' && this.state.purpose === 'enrollment') {
      const { challenge, email } = this.state;
      const api = this.deps.api();
      const answer = await this.challengeCall(() => api.completeSignInEnrollment(challenge));
      if (answer.status === 'authenticated') return this.establish(api, answer.session);
      return this.setState({ kind: 'challenge', purpose: answer.status === 'code_required' ? 'code' : 'enrollment', challenge: answer.challenge, email, expiresAt: answer.expiresAt });
    }
    await this.withAccess((api, token) => api.completeAccountEnrollment(token));
    return this.refreshMe();
  }

  /** Reloads /me and publishes the new state (after any change to the user's 2FA). */
  async refreshMe(): Promise<AuthState> {
    return this.updateMe(await this.loadMe());
  }

  /** GET /me for the signed-in user; the AuthState follows what it says. */
  async loadMe(): Promise<MeResponse> {
    const me = await this.withAccess((api, token) => api.me(token));
    this.updateMe(me);
    return me;
  }

  private updateMe(me: MeResponse): AuthState {
    if (this.state.kind !== 'session') return this.getState();
    return this.setState({ ...this.state, me });
  }

  /**
   * Runs an authenticated call with a fresh access token: refreshes shortly before expiry, and
   * once more on a 401. A held session answering `enrollment_required` is moved to the wizard.
   */
  async withAccess<T>(call: (api: BackendApi, accessToken: string) => Promise<T>): Promise<T> {
    if (this.state.kind !== 'session') throw appError('not_signed_in');
    const api = this.deps.api();
    let tokens = this.state.tokens;
    if (tokens.accessExpiresAt - this.now() < this.margin) tokens = await this.refresh();
    try {
      return await call(api, tokens.accessToken);
    } catch (err) {
      const code = codeFrom(err);
      if (code === 'unauthorized' || code === 'session_expired') {
        tokens = await this.refresh();
        return await call(api, tokens.accessToken);
      }
      if (code === 'session_revoked' || code === 'refresh_token_reused') {
        await this.endSession();
        throw err;
      }
      if (code === 'enrollment_required' && this.state.kind === 'session' && !this.state.me.enrollmentRequired) {
        this.setState({ ...this.state, me: { ...this.state.me, enrollmentRequired: true } });
      }
      throw err;
    }
  }

  /** Rotates the refresh token (single-flight); a rejected refresh ends the session. */
  private refresh(): Promise<SessionTokens> {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async doRefresh(): Promise<SessionTokens> {
    const current = this.state;
    if (current.kind !== 'session') throw appError('not_signed_in');
    try {
      const answer = await this.deps.api().refresh(current.tokens.refreshToken);
      const tokens = this.tokensOf(answer.session);
      await this.deps.secrets.set(secretAccount(current.origin, current.email), tokens.refreshToken);
      if (this.state === current) this.state = { ...current, tokens };
      return tokens;
    } catch (err) {
      const code = codeFrom(err);
      if (code && SESSION_ENDING_CODES.has(code)) {
        await this.endSession();
        throw appError('not_signed_in');
      }
      throw err;
    }
  }

  /** The server ended the session (revoked, reset, expired): forget it everywhere and tell the user once. */
  private async endSession(): Promise<void> {
    const current = this.state;
    if (current.kind !== 'session') return;
    this.state = { kind: 'signed_out', email: current.email };
    await this.forget(current.origin, current.email);
    this.deps.onNotice({ level: 'warning', code: 'session_ended', message: 'Your session has ended. Sign in again.' });
    this.setState({ kind: 'signed_out', email: current.email });
  }

  private tokensOf(session: Session): SessionTokens {
    return {
      accessToken: session.accessToken,
      refreshToken: session.refreshToken,
      accessExpiresAt: this.now() + session.expiresIn * 1000,
    };
  }

  /** Takes a fresh session: keeps the refresh token in the SecretStore, loads /me, publishes the state. */
  private async establish(api: BackendApi, session: Session): Promise<AuthState> {
    const email = session.user.email;
    const tokens = this.tokensOf(session);
    await this.deps.secrets.set(secretAccount(api.origin, email), tokens.refreshToken);
    await this.deps.settings.update({ lastAccount: { origin: api.origin, email } });
    const me = await api.me(tokens.accessToken);
    return this.setState({ kind: 'session', origin: api.origin, email, tokens, me });
  }

  private async forget(origin: string, email: string): Promise<void> {
    await this.deps.secrets.delete(secretAccount(origin, email));
    const settings = await this.deps.settings.read();
    if (settings.lastAccount?.origin === origin && settings.lastAccount.email === email) {
      await this.deps.settings.update({ lastAccount: undefined });
    }
  }

  private requireChallenge(purpose: 'code' | 'enrollment') {
    if (this.state.kind !== 'challenge' || this.state.purpose !== purpose) {
      throw appError('invalid_challenge', 'This step of the sign-in is no longer open. Sign in again with your email and password.');
    }
    return this.state;
  }

  /** Runs a challenge call; an expired or unknown challenge ends the sign-in (back to the email step). */
  private async challengeCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      const code = codeFrom(err);
      if (code && CHALLENGE_ENDING_CODES.has(code) && this.state.kind === 'challenge') {
        this.setState({ kind: 'signed_out', email: this.state.email });
      }
      throw err;
    }
  }

  /** True when the text contains a token of the current session (the fence before anything leaves main). */
  leaksToken(text: string): boolean {
    if (this.state.kind === 'session') {
      const { accessToken, refreshToken } = this.state.tokens;
      return text.includes(accessToken) || text.includes(refreshToken);
    }
    return this.state.kind === 'challenge' && text.includes(this.state.challenge);
  }

  /** Forgets everything in memory (the backend changed); keychain entries stay for that backend. */
  resetForBackendChange(): AuthState {
    return this.setState({ kind: 'signed_out' });
  }
}
