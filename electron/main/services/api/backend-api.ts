import { z } from 'zod';
import type { CompanyUser as CompanyUserType } from '@rms/shared';
import {
  AuditPage,
  AuthenticatedResponse,
  BackupCodeResult,
  Campaign,
  ChallengeResponse,
  CompanyResponse,
  CompanyUser,
  LoginResponse,
  MeResponse,
  PendingSecret,
  PolicyResponse,
  RecoverResponse,
  TwoFactorChangeResponse,
  UsersPage,
} from '@rms/shared';
import type { AuditListInput, PolicyInput, UsersListInput } from '@rms/shared';
import type { ApiClient } from './api-client.js';
import { unexpectedResponse } from './map-api-error.js';

const Anything = z.unknown();
const Health = z.object({ status: z.literal('ok') }).loose();

/** Typed calls of the RMS backend API (SPEC §5), one method per endpoint. */
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

  /** POST /auth/enrollment (enrollment-required sign-in). */
  startSignInEnrollment(challenge: string) {
    return this.client.request({ method: 'POST', path: '/auth/enrollment', body: { challenge }, schema: PendingSecret });
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

  /** POST /auth/refresh (rotating). */
  refresh(refreshToken: string) {
    return this.client.request({ method: 'POST', path: '/auth/refresh', body: { refreshToken }, schema: AuthenticatedResponse });
  }

  /** POST /auth/logout. */
  logout(accessToken: string, refreshToken?: string) {
    return this.client.request({ method: 'POST', path: '/auth/logout', accessToken, body: refreshToken ? { refreshToken } : {}, schema: Anything });
  }

  /** GET /me. */
  me(accessToken: string) {
    return this.client.request({ method: 'GET', path: '/me', accessToken, schema: MeResponse });
  }

  /** POST /me/two-factor/enrollment. */
  startAccountEnrollment(accessToken: string) {
    return this.client.request({ method: 'POST', path: '/me/two-factor/enrollment', accessToken, body: {}, schema: PendingSecret });
  }

  /** POST /me/two-factor/enrollment/confirm. */
  confirmAccountEnrollment(accessToken: string, code: string) {
    return this.client.request({ method: 'POST', path: '/me/two-factor/enrollment/confirm', accessToken, body: { code }, schema: BackupCodeResult });
  }

  /** POST /me/two-factor/enrollment/complete. */
  completeAccountEnrollment(accessToken: string) {
    return this.client.request({
      method: 'POST',
      path: '/me/two-factor/enrollment/complete',
      accessToken,
      body: { backupCodeSaved: true },
      schema: TwoFactorChangeResponse,
    });
  }

  /** POST /me/two-factor/backup-code. */
  regenerateBackupCode(accessToken: string, code: string) {
    return this.client.request({ method: 'POST', path: '/me/two-factor/backup-code', accessToken, body: { code }, schema: BackupCodeResult });
  }

  /** POST /me/two-factor/device-change. */
  startDeviceChange(accessToken: string, code: string) {
    return this.client.request({ method: 'POST', path: '/me/two-factor/device-change', accessToken, body: { code }, schema: PendingSecret });
  }

  /** POST /me/two-factor/device-change/confirm. */
  confirmDeviceChange(accessToken: string, code: string) {
    return this.client.request({
      method: 'POST',
      path: '/me/two-factor/device-change/confirm',
      accessToken,
      body: { code },
      schema: TwoFactorChangeResponse,
    });
  }

  /** DELETE /me/two-factor. */
  disableTwoFactor(accessToken: string, code: string) {
    return this.client.request({ method: 'DELETE', path: '/me/two-factor', accessToken, body: { code }, schema: TwoFactorChangeResponse });
  }

  /** GET /company. */
  company(accessToken: string) {
    return this.client.request({ method: 'GET', path: '/company', accessToken, schema: CompanyResponse });
  }

  /** PUT /company/two-factor-policy. */
  setPolicy(accessToken: string, input: PolicyInput) {
    return this.client.request({ method: 'PUT', path: '/company/two-factor-policy', accessToken, body: input, schema: PolicyResponse });
  }

  /** GET /company/campaigns/:id. */
  campaign(accessToken: string, id: string) {
    return this.client.request({ method: 'GET', path: `/company/campaigns/${encodeURIComponent(id)}`, accessToken, schema: Campaign });
  }

  /** GET /company/users. */
  users(accessToken: string, input: UsersListInput) {
    return this.client.request({ method: 'GET', path: '/company/users', accessToken, query: { ...input }, schema: UsersPage });
  }

  /**
   * POST /company/users/:id/two-factor/reset, answering the user's row as the users table shows it.
   * The server answers either the row or the new 2FA state; in the latter case the row is looked up.
   */
  async resetUserTwoFactor(accessToken: string, userId: string): Promise<CompanyUserType> {
    const answer = await this.client.request({
      method: 'POST',
      path: `/company/users/${encodeURIComponent(userId)}/two-factor/reset`,
      accessToken,
      body: {},
      schema: z.union([CompanyUser, TwoFactorChangeResponse]),
    });
    if ('id' in answer) return answer;
    let cursor: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const users = await this.users(accessToken, { limit: 100, ...(cursor ? { cursor } : {}) });
      const row = users.items.find((u) => u.id === userId);
      if (row) return row;
      if (!users.nextCursor) break;
      cursor = users.nextCursor;
    }
    throw unexpectedResponse(200);
  }

  /** GET /company/audit. */
  audit(accessToken: string, input: AuditListInput) {
    return this.client.request({ method: 'GET', path: '/company/audit', accessToken, query: { ...input }, schema: AuditPage });
  }
}
