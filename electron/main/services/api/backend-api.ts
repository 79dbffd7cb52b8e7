import { z } from 'zod';
import { AuthenticatedResponse, BackupCodeResult, ChallengeResponse, LoginResponse, PasswordResetAccepted, PendingSecret, RecoverResponse } from '@rms/shared';
import type { ApiClient } from './api-client.js';
import type { SessionRequest } from './session-endpoints.js';

const Anything = z.unknown();
const Health = z.object({ status: z.literal('ok') }).loose();

/**
 * Typed calls of the RMS backend API that are not made on behalf of a signed-in session: health,
 * the sign-in steps, refresh and logout, one method per endpoint. The calls of a signed-in
 * session are described in session-endpoints.ts and sent through {@link BackendApi.sendWithToken}
 * by the session layer, which alone holds the tokens.
 */
export class BackendApi {
  constructor(readonly client: ApiClient) {}

  /** The origin this API talks to. */
  get origin(): string {
    return this.client.origin;
  }

  /** GET /health: resolves when the address is an RMS server that is up. */
  health() {
    return this.client.request({ method: 'GET', path: '/health', raw: true, schema: Health });
  }

  /** POST /auth/login. */
  login(email: string, password: string) {
    return this.client.request({ method: 'POST', path: '/auth/login', body: { email, password }, schema: LoginResponse });
  }

  /** POST /auth/verify. */
  verify(challenge: string, code: string) {
    return this.client.request({ method: 'POST', path: '/auth/verify', body: { challenge, code }, schema: AuthenticatedResponse });
  }

  /** POST /auth/recover. */
  recover(challenge: string, backupCode: string) {
    return this.client.request({ method: 'POST', path: '/auth/recover', body: { challenge, backupCode }, schema: RecoverResponse });
  }

  /** POST /auth/recover with a temporary access code (always on to enrollment). */
  recoverWithTemporaryCode(challenge: string, temporaryCode: string) {
    return this.client.request({ method: 'POST', path: '/auth/recover', body: { challenge, temporaryCode }, schema: RecoverResponse });
  }

  /** POST /auth/enrollment (enrollment-required sign-in), with the emailed code when the company checks the email first. */
  startSignInEnrollment(challenge: string, emailCode?: string) {
    return this.client.request({ method: 'POST', path: '/auth/enrollment', body: emailCode ? { challenge, emailCode } : { challenge }, schema: PendingSecret });
  }

  /** POST /auth/enrollment/confirm. */
  confirmSignInEnrollment(challenge: string, code: string) {
    return this.client.request({ method: 'POST', path: '/auth/enrollment/confirm', body: { challenge, code }, schema: BackupCodeResult });
  }

  /** POST /auth/enrollment/complete. */
  completeSignInEnrollment(challenge: string) {
    return this.client.request({
      method: 'POST',
      path: '/auth/enrollment/complete',
      body: { challenge, backupCodeSaved: true },
      schema: z.union([AuthenticatedResponse, ChallengeResponse]),
    });
  }

  /** POST /auth/password-reset: the same answer whether or not the address has an account. */
  requestPasswordReset(email: string) {
    return this.client.request({ method: 'POST', path: '/auth/password-reset', body: { email }, schema: PasswordResetAccepted });
  }

  /** POST /auth/refresh (rotating). */
  refresh(refreshToken: string) {
    return this.client.request({ method: 'POST', path: '/auth/refresh', body: { refreshToken }, schema: AuthenticatedResponse });
  }

  /** POST /auth/logout. */
  logout(accessToken: string, refreshToken?: string) {
    return this.client.request({ method: 'POST', path: '/auth/logout', accessToken, body: refreshToken ? { refreshToken } : {}, schema: Anything });
  }

  /** Sends one request of a signed-in session (session-endpoints.ts) with its access token. */
  sendWithToken<S extends z.ZodType>(accessToken: string, request: SessionRequest<S>): Promise<z.infer<S>> {
    return this.client.request({ ...request, accessToken });
  }
}
