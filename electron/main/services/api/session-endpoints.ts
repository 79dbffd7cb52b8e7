import { z } from 'zod';
import {
  AuditPage,
  BackupCodeResult,
  Campaign,
  CompanyResponse,
  CompanyUser,
  MeResponse,
  PendingSecret,
  PolicyPreview,
  PolicyResponse,
  ResetRequested,
  ResetRequestList,
  SignedInDevices,
  SignedOutResponse,
  TemporaryCodeResponse,
  TwoFactorChangeResponse,
  UsersPage,
} from '@rms/shared';
import type { AuditListInput, ChangePasswordRequest, PolicyInput, PolicyPreviewInput, UsersListInput } from '@rms/shared';
import type { ApiRequest } from './api-client.js';

/** A request of a signed-in session, before the session layer adds its access token. */
export type SessionRequest<S extends z.ZodType> = Omit<ApiRequest<S>, 'accessToken' | 'raw'>;

/** Sends a session request with the session's access token (only the session layer makes one). */
export type SessionSend = <S extends z.ZodType>(request: SessionRequest<S>) => Promise<z.infer<S>>;

/**
 * The backend calls of a signed-in session, one per endpoint of the API (docs/architecture.md).
 * Each describes its request and hands it to `send`: the endpoints never see the access token;
 * the session layer binds them into the session-bound API handlers use.
 */
export const SESSION_ENDPOINTS = {
  /** GET /me. */
  me: (send: SessionSend) => send({ method: 'GET', path: '/me', schema: MeResponse }),
  /** POST /me/two-factor/enrollment. */
  startAccountEnrollment: (send: SessionSend) => send({ method: 'POST', path: '/me/two-factor/enrollment', body: {}, schema: PendingSecret }),
  /** POST /me/two-factor/enrollment/confirm. */
  confirmAccountEnrollment: (send: SessionSend, code: string) =>
    send({ method: 'POST', path: '/me/two-factor/enrollment/confirm', body: { code }, schema: BackupCodeResult }),
  /** POST /me/two-factor/enrollment/complete. */
  completeAccountEnrollment: (send: SessionSend) =>
    send({ method: 'POST', path: '/me/two-factor/enrollment/complete', body: { backupCodeSaved: true }, schema: TwoFactorChangeResponse }),
  /** POST /me/two-factor/backup-code. */
  regenerateBackupCode: (send: SessionSend, code: string) => send({ method: 'POST', path: '/me/two-factor/backup-code', body: { code }, schema: BackupCodeResult }),
  /** POST /me/two-factor/device-change. */
  startDeviceChange: (send: SessionSend, code: string) => send({ method: 'POST', path: '/me/two-factor/device-change', body: { code }, schema: PendingSecret }),
  /** POST /me/two-factor/device-change/confirm. */
  confirmDeviceChange: (send: SessionSend, code: string) =>
    send({ method: 'POST', path: '/me/two-factor/device-change/confirm', body: { code }, schema: TwoFactorChangeResponse }),
  /** DELETE /me/two-factor. */
  disableTwoFactor: (send: SessionSend, code: string) => send({ method: 'DELETE', path: '/me/two-factor', body: { code }, schema: TwoFactorChangeResponse }),
  /** POST /me/password: every other session of the account ends. */
  changePassword: (send: SessionSend, input: ChangePasswordRequest) => send({ method: 'POST', path: '/me/password', body: input, schema: SignedOutResponse }),
  /** GET /me/sessions: the signed-in devices. */
  devices: (send: SessionSend) => send({ method: 'GET', path: '/me/sessions', schema: SignedInDevices }),
  /** DELETE /me/sessions/:id. */
  signOutDevice: (send: SessionSend, deviceId: string) =>
    send({ method: 'DELETE', path: `/me/sessions/${encodeURIComponent(deviceId)}`, schema: SignedOutResponse }),
  /** DELETE /me/sessions: every device but this one. */
  signOutOtherDevices: (send: SessionSend) => send({ method: 'DELETE', path: '/me/sessions', schema: SignedOutResponse }),
  /** GET /company. */
  company: (send: SessionSend) => send({ method: 'GET', path: '/company', schema: CompanyResponse }),
  /** PUT /company/two-factor-policy. */
  setPolicy: (send: SessionSend, input: PolicyInput) => send({ method: 'PUT', path: '/company/two-factor-policy', body: input, schema: PolicyResponse }),
  /** GET /company/two-factor-policy/preview: what requiring 2FA with this plan would do. */
  previewPolicy: (send: SessionSend, input: PolicyPreviewInput) =>
    send({ method: 'GET', path: '/company/two-factor-policy/preview', query: { twoFactorAtLogin: 'required', ...input }, schema: PolicyPreview }),
  /** GET /company/campaigns/:id. */
  campaign: (send: SessionSend, id: string) => send({ method: 'GET', path: `/company/campaigns/${encodeURIComponent(id)}`, schema: Campaign }),
  /** GET /company/users. */
  users: (send: SessionSend, input: UsersListInput) => send({ method: 'GET', path: '/company/users', query: { ...input }, schema: UsersPage }),
  /** POST /company/users/:id/two-factor/reset with the admin's own code (step-up): answers the user's row as the users table shows it. */
  resetUserTwoFactor: (send: SessionSend, userId: string, code: string) =>
    send({ method: 'POST', path: `/company/users/${encodeURIComponent(userId)}/two-factor/reset`, body: { code }, schema: CompanyUser.or(ResetRequested) }),
  /** POST /company/users/:id/two-factor/temporary-code with the admin's own code (step-up): the code, shown once. */
  issueTemporaryCode: (send: SessionSend, userId: string, code: string) =>
    send({ method: 'POST', path: `/company/users/${encodeURIComponent(userId)}/two-factor/temporary-code`, body: { code }, schema: TemporaryCodeResponse }),
  /** GET /company/reset-requests: resets of administrators waiting for a second administrator. */
  resetRequests: (send: SessionSend) => send({ method: 'GET', path: '/company/reset-requests', schema: ResetRequestList }),
  /** POST /company/reset-requests/:id/approve (step-up): answers the reset user's row. */
  approveResetRequest: (send: SessionSend, requestId: string, code: string) =>
    send({ method: 'POST', path: `/company/reset-requests/${encodeURIComponent(requestId)}/approve`, body: { code }, schema: CompanyUser }),
  /** POST /company/reset-requests/:id/deny (step-up). */
  denyResetRequest: (send: SessionSend, requestId: string, code: string) =>
    send({ method: 'POST', path: `/company/reset-requests/${encodeURIComponent(requestId)}/deny`, body: { code }, schema: z.unknown() }).then(() => undefined),
  /** POST /company/users/:id/unlock with the admin's own code (step-up): answers the user's row. */
  unlockUser: (send: SessionSend, userId: string, code: string) =>
    send({ method: 'POST', path: `/company/users/${encodeURIComponent(userId)}/unlock`, body: { code }, schema: CompanyUser }),
  /** POST /company/users/:id/sessions/revoke with the admin's own code (step-up): every device of the user signed out. */
  signOutUserEverywhere: (send: SessionSend, userId: string, code: string) =>
    send({ method: 'POST', path: `/company/users/${encodeURIComponent(userId)}/sessions/revoke`, body: { code }, schema: SignedOutResponse }),
  /** GET /company/audit. */
  audit: (send: SessionSend, input: AuditListInput) => send({ method: 'GET', path: '/company/audit', query: { ...input }, schema: AuditPage }),
} as const;

/** The session endpoints by name. */
export type SessionEndpoints = typeof SESSION_ENDPOINTS;
