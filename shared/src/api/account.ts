import { z } from 'zod';
import { Timestamp, TotpCode, TwoFactorAtLogin, User } from './common.js';

/** GET /me: the user, their company's policy, and whether they are held to enrollment. */
export const MeResponse = z.object({
  user: User,
  company: z.object({ id: z.string(), name: z.string(), twoFactorAtLogin: TwoFactorAtLogin }),
  /** True while the company requires 2FA and this user has not enabled it: only enrollment is allowed. */
  enrollmentRequired: z.boolean(),
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
