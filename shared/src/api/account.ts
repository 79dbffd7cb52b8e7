import { z } from 'zod';
import { Timestamp, TotpCode, TwoFactorAtLogin, User } from './common.js';
import { EntityId } from './company.js';

/** GET /me: the user, their company's policy, and whether they are held to enrollment. */
export const MeResponse = z.object({
  user: User,
  company: z.object({ id: z.string(), name: z.string(), twoFactorAtLogin: TwoFactorAtLogin }),
  /** True while the company requires 2FA and this user has not enabled it: only enrollment is allowed. */
  enrollmentRequired: z.boolean(),
  /** While the person is in the grace period of a "2FA required" plan: when it ends (else null). */
  enrollmentDeadline: Timestamp.nullable().optional(),
});
export type MeResponse = z.infer<typeof MeResponse>;

export const CodeRequest = z.object({ code: TotpCode });
export type CodeRequest = z.infer<typeof CodeRequest>;

export const CompleteEnrollmentRequest = z.object({ backupCodeSaved: z.literal(true) });

/** Answer to the account-side /complete, device-change confirm and DELETE: the new state. */
export const TwoFactorChangeResponse = z.object({
  twoFactor: z.object({
    enabled: z.boolean(),
    enabledAt: Timestamp.nullable(),
    backupCodeCreatedAt: Timestamp.nullable(),
  }),
});
export type TwoFactorChangeResponse = z.infer<typeof TwoFactorChangeResponse>;

/** POST /me/password: the current password, the new one and, when 2FA is on, a current code. */
export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1, 'Enter your current password.').max(1024),
  /** Rated by the server (length, then strength); `weak_password` says what to change. */
  newPassword: z.string().min(1, 'Enter a new password.').max(1024),
  code: TotpCode.optional(),
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

/** How many signed-in devices an action signed out. */
export const SignedOutResponse = z.object({ signedOut: z.number().int().nonnegative() });
export type SignedOutResponse = z.infer<typeof SignedOutResponse>;

/** One signed-in device (a session family): what it is, where from, since when, last used. */
export const SignedInDevice = z.object({
  id: z.string(),
  /** The app's name, version and OS as it described itself; null when unknown. */
  client: z.string().nullable(),
  /** The client address of its latest sign-in or refresh. */
  address: z.string().nullable(),
  createdAt: Timestamp,
  lastUsedAt: Timestamp,
  /** True for the device asking. */
  current: z.boolean(),
});
export type SignedInDevice = z.infer<typeof SignedInDevice>;

/** GET /me/sessions: the devices signed in to the account, most recently used first. */
export const SignedInDevices = z.array(SignedInDevice);
export type SignedInDevices = z.infer<typeof SignedInDevices>;

/** DELETE /me/sessions/:id. */
export const SessionIdParams = z.object({ id: EntityId });
