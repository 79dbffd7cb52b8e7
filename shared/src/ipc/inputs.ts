import type { z } from 'zod';
import { MAX_GRACE_DAYS, MAX_NEW_USER_GRACE_DAYS, ROLLOUT_SCOPES, ROLLOUT_STATES } from '../rollout-rules.js';
import { TWO_FACTOR_AT_LOGIN } from '../two-factor.js';

// The inputs of the IPC calls. Which call takes which input is declared once, in ipc-table.ts.
// Each input is a function of the zod namespace: the main process builds the validators with
// zod, while the preload and the renderer walk the same table without loading zod at all.

/** The zod namespace the main process hands to {@link InputSchema}s. */
export type Zod = typeof z;

/** Builds the validator of one call's input from the zod namespace. */
export type InputSchema<S extends z.ZodType = z.ZodType> = (zod: Zod) => S;

/** The type of an input once validated. */
export type InputType<F extends InputSchema> = z.output<ReturnType<F>>;

/** The input of a call that takes none. */
export const NoInput = ((z: Zod) => z.undefined()) satisfies InputSchema;

/** The server address typed on the first-run screen. */
export const BackendUrlInput = ((z: Zod) => z.object({ url: z.string().trim().min(1).max(2048) })) satisfies InputSchema;
/** Parsed {@link BackendUrlInput}. */
export type BackendUrlInput = InputType<typeof BackendUrlInput>;

/** Text for the clipboard. */
export const TextInput = ((z: Zod) => z.object({ text: z.string().max(10_000) })) satisfies InputSchema;
/** Parsed {@link TextInput}. */
export type TextInput = InputType<typeof TextInput>;

/** A text file to save through the native save dialog (the backup code). */
export const SaveTextFileInput = ((z: Zod) =>
  z.object({
    suggestedName: z.string().min(1).max(200).regex(/^[^/\\:*?"<>|]+$/, 'A file name cannot contain / \\ : * ? " < > |'),
    contents: z.string().max(100_000),
  })) satisfies InputSchema;
/** Parsed {@link SaveTextFileInput}. */
export type SaveTextFileInput = InputType<typeof SaveTextFileInput>;

/** Email and password of the first sign-in step. */
export const SignInInput = ((z: Zod) =>
  z.object({
    email: z.string().trim().min(1, 'Enter your email address.').max(254),
    password: z.string().min(1, 'Enter your password.').max(1024),
  })) satisfies InputSchema;
/** Parsed {@link SignInInput}. */
export type SignInInput = InputType<typeof SignInInput>;

/** The address to email a "Forgot password?" link to (the app never sees the link). */
export const PasswordResetInput = ((z: Zod) => z.object({ email: z.string().trim().min(1, 'Enter your email address.').max(254) })) satisfies InputSchema;
/** Parsed {@link PasswordResetInput}. */
export type PasswordResetInput = InputType<typeof PasswordResetInput>;

/** A code as typed: main strips spaces/dashes and checks for 6 ASCII digits. */
export const CodeInput = ((z: Zod) => z.object({ code: z.string().min(1, 'Enter the 6-digit code.').max(32) })) satisfies InputSchema;
/** Parsed {@link CodeInput}. */
export type CodeInput = InputType<typeof CodeInput>;

/** A backup code as typed (main normalises case, dashes and spaces). */
export const BackupCodeInput = ((z: Zod) => z.object({ backupCode: z.string().min(1, 'Enter your backup code.').max(64) })) satisfies InputSchema;
/** Parsed {@link BackupCodeInput}. */
export type BackupCodeInput = InputType<typeof BackupCodeInput>;

/** A temporary access code as typed (main normalises case, dashes and spaces). */
export const TemporaryCodeInput = ((z: Zod) => z.object({ temporaryCode: z.string().min(1, 'Enter the temporary access code.').max(64) })) satisfies InputSchema;
/** Parsed {@link TemporaryCodeInput}. */
export type TemporaryCodeInput = InputType<typeof TemporaryCodeInput>;

/** The company's two-factor requirement and whether to email users without 2FA (with the admin's code when it lowers protection). */
export const PolicyInput = ((z: Zod) =>
  z.object({
    twoFactorAtLogin: z.enum(TWO_FACTOR_AT_LOGIN),
    notifyUnenrolled: z.boolean(),
    /** The email check before a first 2FA setup at sign-in (absent: unchanged); turning it off lowers protection. */
    verifyEmailBeforeEnrollment: z.boolean().optional(),
    /** The rollout plan (absent: the server's defaults, or the current plan when already required). */
    appliesTo: z.enum(ROLLOUT_SCOPES).optional(),
    graceDays: z.number().int().min(0).max(MAX_GRACE_DAYS).optional(),
    newUserGraceDays: z.number().int().min(0).max(MAX_NEW_USER_GRACE_DAYS).optional(),
    /** The administrator's own current code, as typed: needed when the change lowers protection (step-up). */
    code: z.string().min(1, 'Enter the 6-digit code.').max(32).optional(),
  })) satisfies InputSchema;
/** Parsed {@link PolicyInput}. */
export type PolicyInput = InputType<typeof PolicyInput>;

/** The plan to preview before saving "required". */
export const PolicyPreviewInput = ((z: Zod) =>
  z.object({
    appliesTo: z.enum(ROLLOUT_SCOPES),
    graceDays: z.number().int().min(0).max(MAX_GRACE_DAYS),
    newUserGraceDays: z.number().int().min(0).max(MAX_NEW_USER_GRACE_DAYS),
  })) satisfies InputSchema;
/** Parsed {@link PolicyPreviewInput}. */
export type PolicyPreviewInput = InputType<typeof PolicyPreviewInput>;

/** Which notification campaign to read. */
export const CampaignInput = ((z: Zod) => z.object({ id: z.string().min(1).max(64) })) satisfies InputSchema;
/** Parsed {@link CampaignInput}. */
export type CampaignInput = InputType<typeof CampaignInput>;

/** A page of the company's users, optionally filtered by 2FA status. */
export const UsersListInput = ((z: Zod) =>
  z.object({
    twoFactor: z.enum(['enabled', 'disabled']).optional(),
    /** Only people in this state of the rollout. */
    state: z.enum(ROLLOUT_STATES).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(100).optional(),
  })) satisfies InputSchema;
/** Parsed {@link UsersListInput}. */
export type UsersListInput = InputType<typeof UsersListInput>;

/** An administrator's action on another user's 2FA, with the administrator's own current code (step-up). */
export const StepUpUserInput = ((z: Zod) =>
  z.object({ userId: z.string().min(1).max(64), code: z.string().min(1, 'Enter the 6-digit code.').max(32) })) satisfies InputSchema;
/** Parsed {@link StepUpUserInput}. */
export type StepUpUserInput = InputType<typeof StepUpUserInput>;

/** A decision on a pending reset request, with the administrator's own code (step-up). */
export const ResetDecisionInput = ((z: Zod) =>
  z.object({ requestId: z.string().min(1).max(64), code: z.string().min(1, 'Enter the 6-digit code.').max(32) })) satisfies InputSchema;
/** Parsed {@link ResetDecisionInput}. */
export type ResetDecisionInput = InputType<typeof ResetDecisionInput>;

/** A page of the company's audit log. */
export const AuditListInput = ((z: Zod) =>
  z.object({ cursor: z.string().max(200).optional(), limit: z.number().int().min(1).max(100).optional() })) satisfies InputSchema;
/** Parsed {@link AuditListInput}. */
export type AuditListInput = InputType<typeof AuditListInput>;

/** The current password, the new one and, when 2FA is on, a code as typed (main checks its digits). */
export const ChangePasswordInput = ((z: Zod) =>
  z.object({
    currentPassword: z.string().min(1, 'Enter your current password.').max(1024),
    newPassword: z.string().min(1, 'Enter a new password.').max(1024),
    code: z.string().max(32).optional(),
  })) satisfies InputSchema;
/** Parsed {@link ChangePasswordInput}. */
export type ChangePasswordInput = InputType<typeof ChangePasswordInput>;

/** A signed-in device of the account (its id from the devices list). */
export const DeviceIdInput = ((z: Zod) => z.object({ deviceId: z.string().min(1).max(64) })) satisfies InputSchema;
/** Parsed {@link DeviceIdInput}. */
export type DeviceIdInput = InputType<typeof DeviceIdInput>;
