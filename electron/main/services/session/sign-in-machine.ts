import type { AppNotice, AuthState, BackupCodeResult, MeResponse, PendingSecret, RecoverResponse, Session } from '@rms/shared';
import type { BackendApi } from '../api/backend-api.js';
import type { SessionSend } from '../api/session-endpoints.js';
import { SESSION_ENDPOINTS } from '../api/session-endpoints.js';
import type { Settings } from '../config/settings-store.js';
import { appError, isServiceError } from '../errors/service-error.js';
import type { Logger } from '../logging/logger.js';
import type { SessionApi } from './session-api.js';
import { bindSessionApi } from './session-api.js';
import type { InternalState } from './session-state.js';
import { toAuthState } from './session-state.js';
import type { EndedSession, TokenKeeper } from './token-keeper.js';
import { errorCode, isSessionEnding } from './token-keeper.js';
import { requireBackupCode, requireTemporaryCode, requireTotpCode } from './typed-codes.js';

/** What the machine needs of the backend: the sign-in steps (the session's calls go through the keeper). */
export type SignInBackend = Pick<
  BackendApi,
  'origin' | 'login' | 'verify' | 'recover' | 'recoverWithTemporaryCode' | 'startSignInEnrollment' | 'confirmSignInEnrollment' | 'completeSignInEnrollment'
>;

/** What the sign-in machine needs from the rest of the main process. */
export interface SignInMachineDeps {
  /** The API of the configured backend; throws `backend_not_configured` when none is set. */
  api: () => SignInBackend;
  /** Holds the session's tokens (the machine never reads them). */
  keeper: Pick<TokenKeeper, 'take' | 'resume' | 'authorized' | 'release' | 'drop' | 'leaks' | 'onSessionEnded'>;
  /** The settings file: which account signed in last (never a token). */
  settings: { read(): Promise<Settings>; update(change: Partial<Settings>): Promise<Settings> };
  logger: Logger;
  onStateChanged: (state: AuthState) => void;
  onNotice: (notice: AppNotice) => void;
}

const CHALLENGE_ENDING_CODES = new Set(['invalid_challenge', 'challenge_expired']);

/** A typed email address, trimmed, or `invalid_input` with a sentence (no request is sent). */
function requireEmail(input: string): string {
  const email = input.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw appError('invalid_input', 'Enter a valid email address, such as name@example.com.');
  return email;
}

/**
 * The state machine behind AuthState: sign-in, code, backup code, enrollment (through the
 * sign-in challenge or the session), a session the server ends, and sign-out. The tokens of the
 * session live in the TokenKeeper; handlers get {@link SignInMachine.api}, whose calls carry them.
 * States and transitions: docs/desktop-main-process.md.
 */
export class SignInMachine {
  private state: InternalState = { kind: 'signed_out' };
  private lastPublished = JSON.stringify(toAuthState(this.state));

  /** The backend calls of the signed-in session, each already carrying the access token. */
  readonly api: SessionApi;

  constructor(private readonly deps: SignInMachineDeps) {
    this.api = bindSessionApi((run) => this.authorized(run));
    deps.keeper.onSessionEnded((ended) => this.sessionEnded(ended));
  }

  /** The renderer-facing state (never carries a secret). */
  getState(): AuthState {
    return toAuthState(this.state);
  }

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
    const last = (await this.deps.settings.read()).lastAccount;
    let origin: string;
    try {
      origin = this.deps.api().origin;
    } catch {
      return this.setState({ kind: 'signed_out' });
    }
    if (!last || last.origin !== origin) return this.setState({ kind: 'signed_out' });
    try {
      const email = await this.deps.keeper.resume(last.origin, last.email);
      if (!email) return this.setState({ kind: 'signed_out', email: last.email });
      return await this.enter(last.origin, email);
    } catch (err) {
      const code = errorCode(err);
      if (isSessionEnding(err)) {
        await this.clearLastAccount(last.origin, last.email);
        this.deps.logger.info('stored session no longer valid; signed out', { code });
      } else {
        // Kept in the keychain: the next start (or a sign-in) can still use it.
        this.deps.logger.warn('could not restore the session', { code: code ?? 'unknown' });
        if (isServiceError(err)) {
          this.deps.onNotice({ level: 'warning', code: err.info.code, message: `Your previous session could not be resumed. ${err.info.message}` });
        }
      }
      return this.setState({ kind: 'signed_out', email: last.email });
    }
  }

  /** Signs in with email and password: signed in, or a code / enrollment is required. */
  async signIn(emailInput: string, password: string): Promise<AuthState> {
    const email = requireEmail(emailInput);
    const api = this.deps.api();
    if (this.state.kind === 'session') await this.signOut(); // one account at a time
    const answer = await api.login(email, password);
    if (answer.status === 'authenticated') return this.establish(api.origin, answer.session);
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
    return this.establish(api.origin, answer.session);
  }

  /** "Don't know the code": signs in with the backup code, which resets 2FA. */
  async recover(input: string): Promise<AuthState> {
    const challenge = this.requireChallenge('code');
    const backupCode = requireBackupCode(input);
    return this.continueRecovery(challenge, (api) => api.recover(challenge.challenge, backupCode), { afterRecovery: true });
  }

  /** "Don't know the code" with a temporary access code: on to setting up a new authenticator (the old one works until then). */
  async recoverWithTemporaryCode(input: string): Promise<AuthState> {
    const challenge = this.requireChallenge('code');
    const temporaryCode = requireTemporaryCode(input);
    return this.continueRecovery(challenge, (api) => api.recoverWithTemporaryCode(challenge.challenge, temporaryCode), { afterTemporaryCode: true });
  }

  /** Sends a "Don't know the code" answer: signed in, or on to setting up a new authenticator, marked with how it got there. */
  private async continueRecovery(
    challenge: ReturnType<SignInMachine['requireChallenge']>,
    send: (api: SignInBackend) => Promise<RecoverResponse>,
    how: { afterRecovery: true } | { afterTemporaryCode: true },
  ): Promise<AuthState> {
    const api = this.deps.api();
    const answer = await this.challengeCall(() => send(api));
    if (answer.status === 'authenticated') return this.establish(api.origin, answer.session);
    return this.setState({
      kind: 'challenge',
      purpose: 'enrollment',
      challenge: answer.challenge,
      email: challenge.email,
      expiresAt: answer.expiresAt,
      ...how,
    });
  }

  /**
   * Asks the server whether the session still stands (GET /me). A session another device, an
   * administrator or a password change ended is forgotten here, and the window returns to the
   * sign-in screen with a notice. Other failures (server unreachable) leave the session as is.
   */
  async checkSession(): Promise<void> {
    if (this.state.kind !== 'session') return;
    try {
      await this.loadMe();
    } catch (err) {
      if (!isSessionEnding(err) && errorCode(err) !== 'not_signed_in') {
        this.deps.logger.info('session check failed; will try again', { code: errorCode(err) ?? 'unknown' });
      }
    }
  }

  /** Abandons a sign-in in progress (code or enrollment step); a signed-in session is left alone. */
  async cancel(): Promise<AuthState> {
    if (this.state.kind === 'challenge') return this.setState({ kind: 'signed_out', email: this.state.email });
    if (this.state.kind === 'session' && this.state.me.enrollmentRequired) return this.signOut();
    return this.getState();
  }

  /** Signs out: the keeper revokes the session (best effort) and deletes the keychain entry; memory is cleared. */
  async signOut(): Promise<AuthState> {
    const current = this.state;
    if (current.kind === 'session') {
      this.state = { kind: 'signed_out', email: current.email };
      await this.deps.keeper.release();
      await this.clearLastAccount(current.origin, current.email);
      return this.setState({ kind: 'signed_out', email: current.email });
    }
    return this.setState({ kind: 'signed_out', ...(current.kind === 'challenge' ? { email: current.email } : {}) });
  }

  /** Starts the 2FA wizard: with the sign-in challenge, or with the session. */
  async startEnrollment(emailCodeInput?: string): Promise<PendingSecret> {
    if (this.state.kind === 'challenge' && this.state.purpose === 'enrollment') {
      const { challenge } = this.state;
      const emailCode = emailCodeInput === undefined ? undefined : requireTotpCode(emailCodeInput);
      const api = this.deps.api();
      return this.challengeCall(() => (emailCode === undefined ? api.startSignInEnrollment(challenge) : api.startSignInEnrollment(challenge, emailCode)));
    }
    return this.api.startAccountEnrollment();
  }

  /** Confirms the wizard's code; answers the backup code (shown once). */
  async confirmEnrollment(input: string): Promise<BackupCodeResult> {
    const code = requireTotpCode(input);
    if (this.state.kind === 'challenge' && this.state.purpose === 'enrollment') {
      const { challenge } = this.state;
      const api = this.deps.api();
      return this.challengeCall(() => api.confirmSignInEnrollment(challenge, code));
    }
    return this.api.confirmAccountEnrollment(code);
  }

  /** Finishes the wizard (backup code saved): turns 2FA on and signs in / releases a held session. */
  async completeEnrollment(): Promise<AuthState> {
    if (this.state.kind === 'challenge' && this.state.purpose === 'enrollment') {
      const { challenge, email } = this.state;
      const api = this.deps.api();
      const answer = await this.challengeCall(() => api.completeSignInEnrollment(challenge));
      if (answer.status === 'authenticated') return this.establish(api.origin, answer.session);
      return this.setState({ kind: 'challenge', purpose: answer.status === 'code_required' ? 'code' : 'enrollment', challenge: answer.challenge, email, expiresAt: answer.expiresAt });
    }
    await this.api.completeAccountEnrollment();
    return this.refreshMe();
  }

  /** Reloads /me and publishes the new state (after any change to the user's 2FA). */
  async refreshMe(): Promise<AuthState> {
    return this.updateMe(await this.loadMe());
  }

  /** GET /me for the signed-in user; the AuthState follows what it says. */
  async loadMe(): Promise<MeResponse> {
    const me = await this.api.me();
    this.updateMe(me);
    return me;
  }

  /** True when the text contains a secret of the session or of the sign-in in progress (the fence before anything leaves main). */
  leaksSecret(text: string): boolean {
    if (this.deps.keeper.leaks(text)) return true;
    return this.state.kind === 'challenge' && text.includes(this.state.challenge);
  }

  /** Forgets everything in memory (the backend changed); keychain entries stay for that backend. */
  resetForBackendChange(): AuthState {
    this.deps.keeper.drop();
    return this.setState({ kind: 'signed_out' });
  }

  private updateMe(me: MeResponse): AuthState {
    if (this.state.kind !== 'session') return this.getState();
    return this.setState({ ...this.state, me });
  }

  /**
   * Runs session requests through the keeper. A held session answering `enrollment_required`
   * is moved to the wizard.
   */
  private async authorized<T>(run: (send: SessionSend) => Promise<T>): Promise<T> {
    if (this.state.kind !== 'session') throw appError('not_signed_in');
    try {
      return await this.deps.keeper.authorized(run);
    } catch (err) {
      if (errorCode(err) === 'enrollment_required' && this.state.kind === 'session' && !this.state.me.enrollmentRequired) {
        this.setState({ ...this.state, me: { ...this.state.me, enrollmentRequired: true } });
      }
      throw err;
    }
  }

  /** The server ended the session (revoked, reset, expired): forget it and tell the user once. */
  private async sessionEnded(ended: EndedSession): Promise<void> {
    const current = this.state;
    if (current.kind !== 'session') return;
    this.state = { kind: 'signed_out', email: current.email };
    await this.clearLastAccount(ended.origin, ended.email);
    const message =
      ended.reason === 'session_revoked'
        ? 'This device was signed out: from Signed-in devices on another device, by an administrator, or because the password changed. Sign in again.'
        : 'Your session has ended. Sign in again.';
    this.deps.onNotice({ level: 'warning', code: 'session_ended', message });
    this.setState({ kind: 'signed_out', email: current.email });
  }

  /** Takes a fresh session: the keeper keeps the tokens, then the machine enters the session. */
  private async establish(origin: string, session: Session): Promise<AuthState> {
    await this.deps.keeper.take(origin, session);
    return this.enter(origin, session.user.email);
  }

  /** Remembers the account (no token), loads /me and publishes the signed-in state. */
  private async enter(origin: string, email: string): Promise<AuthState> {
    await this.deps.settings.update({ lastAccount: { origin, email } });
    const me = await this.deps.keeper.authorized((send) => SESSION_ENDPOINTS.me(send));
    return this.setState({ kind: 'session', origin, email, me });
  }

  private async clearLastAccount(origin: string, email: string): Promise<void> {
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
      const code = errorCode(err);
      if (code && CHALLENGE_ENDING_CODES.has(code) && this.state.kind === 'challenge') {
        this.setState({ kind: 'signed_out', email: this.state.email });
      }
      throw err;
    }
  }
}
