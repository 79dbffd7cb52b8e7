import { z } from 'zod';
import { TwoFactorAtLogin } from '../api/common.js';
import type { ChannelName } from './channels.js';

/** Inputs of every IPC channel, validated in the main process before a handler runs. */
export const NoInput = z.undefined();

export const BackendUrlInput = z.object({ url: z.string().trim().min(1).max(2048) });
export type BackendUrlInput = z.infer<typeof BackendUrlInput>;

export const TextInput = z.object({ text: z.string().max(10_000) });
export type TextInput = z.infer<typeof TextInput>;

export const SaveTextFileInput = z.object({
  suggestedName: z.string().min(1).max(200).regex(/^[^/\\:*?"<>|]+$/, 'A file name cannot contain / \\ : * ? " < > |'),
  contents: z.string().max(100_000),
});
export type SaveTextFileInput = z.infer<typeof SaveTextFileInput>;

export const SignInInput = z.object({
  email: z.string().trim().min(1, 'Enter your email address.').max(254),
  password: z.string().min(1, 'Enter your password.').max(1024),
});
export type SignInInput = z.infer<typeof SignInInput>;

/** A code as typed: main strips spaces/dashes and checks for 6 ASCII digits. */
export const CodeInput = z.object({ code: z.string().min(1, 'Enter the 6-digit code.').max(32) });
export type CodeInput = z.infer<typeof CodeInput>;

export const BackupCodeInput = z.object({ backupCode: z.string().min(1, 'Enter your backup code.').max(64) });
export type BackupCodeInput = z.infer<typeof BackupCodeInput>;

export const PolicyInput = z.object({ twoFactorAtLogin: TwoFactorAtLogin, notifyUnenrolled: z.boolean() });
export type PolicyInput = z.infer<typeof PolicyInput>;

export const CampaignInput = z.object({ id: z.string().min(1).max(64) });
export type CampaignInput = z.infer<typeof CampaignInput>;

export const UsersListInput = z.object({
  twoFactor: z.enum(['enabled', 'disabled']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).optional(),
});
export type UsersListInput = z.infer<typeof UsersListInput>;

export const UserIdInput = z.object({ userId: z.string().min(1).max(64) });
export type UserIdInput = z.infer<typeof UserIdInput>;

export const AuditListInput = z.object({ cursor: z.string().max(200).optional(), limit: z.number().int().min(1).max(100).optional() });
export type AuditListInput = z.infer<typeof AuditListInput>;

/** Channel → input schema. Every channel in the map must appear here (checked by type). */
export const INPUT_SCHEMAS = {
  'app:getInfo': NoInput,
  'app:setBackendUrl': BackendUrlInput,
  'app:copyText': TextInput,
  'app:saveTextFile': SaveTextFileInput,
  'auth:getState': NoInput,
  'auth:signIn': SignInInput,
  'auth:verifyCode': CodeInput,
  'auth:recover': BackupCodeInput,
  'auth:cancel': NoInput,
  'auth:signOut': NoInput,
  'enrollment:start': NoInput,
  'enrollment:confirm': CodeInput,
  'enrollment:complete': NoInput,
  'account:getMe': NoInput,
  'account:regenerateBackupCode': CodeInput,
  'account:startDeviceChange': CodeInput,
  'account:confirmDeviceChange': CodeInput,
  'account:disableTwoFactor': CodeInput,
  'company:get': NoInput,
  'company:setPolicy': PolicyInput,
  'company:getCampaign': CampaignInput,
  'company:listUsers': UsersListInput,
  'company:resetUserTwoFactor': UserIdInput,
  'company:listAudit': AuditListInput,
} as const satisfies Record<ChannelName, z.ZodType>;
