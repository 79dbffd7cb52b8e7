import { z } from 'zod';
import { API_ERROR_CODES, ERROR_HINTS } from '../errors.js';
import { TWO_FACTOR_AT_LOGIN } from '../two-factor.js';

/** ISO-8601 timestamp with offset, as the API writes every time. */
export const Timestamp = z.iso.datetime({ offset: true });

/** A 6-digit TOTP code as the API accepts it (ASCII digits only; the app strips spaces first). */
export const TotpCode = z.string().regex(/^[0-9]{6}$/, 'Enter the 6 digits your authenticator app shows.');

/** Opaque sign-in challenge handed out by /auth/login. */
export const Challenge = z.string().min(16).max(256);

/** Body of every error response. */
export const ApiErrorBodySchema = z.object({
  error: z.enum(API_ERROR_CODES),
  message: z.string(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
  offsetSeconds: z.number().int().optional(),
  hint: z.enum(ERROR_HINTS).optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** Cursor paging query shared by list endpoints. */
export const PageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** A page of items plus the cursor of the next page (null at the end). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const Role = z.enum(['admin', 'user']);
export type Role = z.infer<typeof Role>;

export const TwoFactorAtLogin = z.enum(TWO_FACTOR_AT_LOGIN);
export type TwoFactorAtLogin = z.infer<typeof TwoFactorAtLogin>;

/** A user's two-factor state. */
export const TwoFactorStatus = z.object({
  enabled: z.boolean(),
  enabledAt: Timestamp.nullable(),
  backupCodeCreatedAt: Timestamp.nullable(),
});
export type TwoFactorStatus = z.infer<typeof TwoFactorStatus>;

/** The signed-in user as the API describes them. */
export const User = z.object({
  id: z.string(),
  email: z.email(),
  name: z.string(),
  role: Role,
  companyId: z.string(),
  twoFactor: TwoFactorStatus,
});
export type User = z.infer<typeof User>;

/** Result of starting an enrollment or a device change: the pending secret. */
export const PendingSecret = z.object({
  secret: z.string().regex(/^[A-Z2-7]+=*$/),
  otpauthUri: z.string().startsWith('otpauth://totp/'),
  expiresAt: Timestamp,
});
export type PendingSecret = z.infer<typeof PendingSecret>;

/** A freshly created backup code (shown once), grouped XXXXX-XXXXX-XXXXX-XXXXX. */
export const BackupCodeResult = z.object({ backupCode: z.string() });
export type BackupCodeResult = z.infer<typeof BackupCodeResult>;
