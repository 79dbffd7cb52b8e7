import { z } from 'zod';
import { BackupCodeResult, Challenge, PendingSecret, Timestamp, TotpCode, User } from './common.js';

export const LoginRequest = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** Tokens of a signed-in session. Never leaves the main process of the desktop app. */
export const Session = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Access-token lifetime in seconds. */
  expiresIn: z.number().int().positive(),
  user: User,
});
export type Session = z.infer<typeof Session>;

export const AuthenticatedResponse = z.object({
  status: z.literal('authenticated'),
  session: Session,
  /** Set when the person is in the grace period of a "2FA required" plan: when it ends. */
  enrollmentDeadline: Timestamp.nullable().optional(),
});
export type AuthenticatedResponse = z.infer<typeof AuthenticatedResponse>;

export const ChallengeResponse = z.object({
  status: z.enum(['code_required', 'enrollment_required']),
  challenge: Challenge,
  expiresAt: Timestamp,
});
export type ChallengeResponse = z.infer<typeof ChallengeResponse>;

export const LoginResponse = z.union([AuthenticatedResponse, ChallengeResponse]);
export type LoginResponse = z.infer<typeof LoginResponse>;

export const VerifyRequest = z.object({ challenge: Challenge, code: TotpCode });
export type VerifyRequest = z.infer<typeof VerifyRequest>;

/** Backup code as typed: dashes, spaces and case are ignored by the server. */
/** "Don't know the code": the backup code, or a temporary access code an administrator issued. */
export const RecoverRequest = z.union([
  z.object({ challenge: Challenge, backupCode: z.string().min(1).max(64) }).strict(),
  z.object({ challenge: Challenge, temporaryCode: z.string().min(1).max(64) }).strict(),
]);
export type RecoverRequest = z.infer<typeof RecoverRequest>;

/** /auth/recover answers like /auth/login: authenticated, or enrollment_required when the company requires 2FA. */
export const RecoverResponse = z.union([AuthenticatedResponse, ChallengeResponse]);
export type RecoverResponse = z.infer<typeof RecoverResponse>;

export const ChallengeRequest = z.object({ challenge: Challenge });
export type ChallengeRequest = z.infer<typeof ChallengeRequest>;

/** POST /auth/enrollment: the challenge, and the code emailed to the person when the company checks the email first. */
export const SignInEnrollmentStartRequest = z.object({
  challenge: Challenge,
  emailCode: z.string().regex(/^[0-9]{6}$/, 'Enter the 6 digits from the email.').optional(),
});
export type SignInEnrollmentStartRequest = z.infer<typeof SignInEnrollmentStartRequest>;

export const EnrollmentStartResponse = PendingSecret;
export const EnrollmentConfirmRequest = z.object({ challenge: Challenge, code: TotpCode });
export const EnrollmentConfirmResponse = BackupCodeResult;
export const EnrollmentCompleteRequest = z.object({ challenge: Challenge, backupCodeSaved: z.literal(true) });

export const RefreshRequest = z.object({ refreshToken: z.string().min(16).max(512) });
export type RefreshRequest = z.infer<typeof RefreshRequest>;
export const RefreshResponse = AuthenticatedResponse;

/** Optional body of /auth/logout; the bearer token identifies the session either way. */
export const LogoutRequest = z.object({ refreshToken: z.string().max(512).optional() }).optional();

/** POST /auth/password-reset: the address to email a one-time reset link to (if it has an account). */
export const PasswordResetRequest = z.object({ email: z.email().max(254) });
export type PasswordResetRequest = z.infer<typeof PasswordResetRequest>;

/** The same answer whether or not the address has an account (nobody learns which emails exist). */
export const PasswordResetAccepted = z.object({ status: z.literal('accepted'), message: z.string() });
export type PasswordResetAccepted = z.infer<typeof PasswordResetAccepted>;
