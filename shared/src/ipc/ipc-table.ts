import type { MeResponse, SignedInDevice, SignedOutResponse, TwoFactorChangeResponse } from '../api/account.js';
import type { PasswordResetAccepted } from '../api/auth.js';
import type { BackupCodeResult, PendingSecret } from '../api/common.js';
import type {
  AuditPage,
  Campaign,
  CompanyResponse,
  CompanyUser,
  PolicyResponse,
  ResetRequested,
  ResetRequestList,
  TemporaryCodeResponse,
  UsersPage,
} from '../api/company.js';
import type { PolicyPreview } from '../api/rollout.js';
import {
  AuditListInput,
  BackendUrlInput,
  BackupCodeInput,
  CampaignInput,
  ChangePasswordInput,
  CodeInput,
  DeviceIdInput,
  NoInput,
  PasswordResetInput,
  PolicyInput,
  PolicyPreviewInput,
  ResetDecisionInput,
  SaveTextFileInput,
  SignInInput,
  StepUpUserInput,
  TemporaryCodeInput,
  TextInput,
  UsersListInput,
} from './inputs.js';
import { answers, call, carries, event } from './ipc-spec.js';
import type { AppInfo, AppNotice, AuthState, SavedFile } from './state.js';

/**
 * Every IPC channel, declared once: namespace → name → call (input schema, answer type) or event
 * (payload type). The wire name is `namespace:name`. The types of `window.rms`, of the main
 * process handlers and of the events, the list of channels and the input validators are all
 * derived from this table (see ipc-types.ts and ipc-walk.ts). Adding a channel: one row here
 * and one handler in the main process (the handler maps of the namespace stop compiling
 * without it). See docs/architecture.md.
 */
export const IPC_TABLE = {
  app: {
    getInfo: call(NoInput, answers<AppInfo>()),
    setBackendUrl: call(BackendUrlInput, answers<AppInfo>()),
    copyText: call(TextInput, answers<void>()),
    saveTextFile: call(SaveTextFileInput, answers<SavedFile>()),
    /** Keychain trouble, a session that ended, a session that could not be resumed... */
    notice: event(carries<AppNotice>()),
  },
  auth: {
    getState: call(NoInput, answers<AuthState>()),
    signIn: call(SignInInput, answers<AuthState>()),
    verifyCode: call(CodeInput, answers<AuthState>()),
    recover: call(BackupCodeInput, answers<AuthState>()),
    /** "Don't know the code" with a temporary access code from an administrator: on to setting up a new authenticator. */
    recoverWithTemporaryCode: call(TemporaryCodeInput, answers<AuthState>()),
    cancel: call(NoInput, answers<AuthState>()),
    signOut: call(NoInput, answers<AuthState>()),
    /** "Forgot password?": the server emails a one-time link (opened in the browser, never by the app). */
    requestPasswordReset: call(PasswordResetInput, answers<PasswordResetAccepted>()),
    /** Published whenever what the window sees of the sign-in changes. */
    stateChanged: event(carries<AuthState>()),
  },
  /** The 2FA setup wizard; main picks the sign-in challenge or the session route. */
  enrollment: {
    start: call(NoInput, answers<PendingSecret>()),
    /** Starts it with the code the server emailed (when the company checks the email first). */
    startWithEmailCode: call(CodeInput, answers<PendingSecret>()),
    confirm: call(CodeInput, answers<BackupCodeResult>()),
    complete: call(NoInput, answers<AuthState>()),
  },
  account: {
    getMe: call(NoInput, answers<MeResponse>()),
    regenerateBackupCode: call(CodeInput, answers<BackupCodeResult>()),
    startDeviceChange: call(CodeInput, answers<PendingSecret>()),
    confirmDeviceChange: call(CodeInput, answers<TwoFactorChangeResponse>()),
    disableTwoFactor: call(CodeInput, answers<TwoFactorChangeResponse>()),
    /** Every other device is signed out; answers how many. */
    changePassword: call(ChangePasswordInput, answers<SignedOutResponse>()),
    listDevices: call(NoInput, answers<SignedInDevice[]>()),
    signOutDevice: call(DeviceIdInput, answers<SignedOutResponse>()),
    signOutOtherDevices: call(NoInput, answers<SignedOutResponse>()),
  },
  company: {
    get: call(NoInput, answers<CompanyResponse>()),
    setPolicy: call(PolicyInput, answers<PolicyResponse>()),
    /** What saving "required" with this plan would do: who will be held, reminder dates, deadline. */
    previewPolicy: call(PolicyPreviewInput, answers<PolicyPreview>()),
    getCampaign: call(CampaignInput, answers<Campaign>()),
    listUsers: call(UsersListInput, answers<UsersPage>()),
    /** Resets someone's 2FA (step-up); for another administrator it answers the request a second administrator must approve. */
    resetUserTwoFactor: call(StepUpUserInput, answers<CompanyUser | ResetRequested>()),
    /** A single-use temporary access code for the user (step-up), shown once. */
    issueTemporaryCode: call(StepUpUserInput, answers<TemporaryCodeResponse>()),
    listResetRequests: call(NoInput, answers<ResetRequestList>()),
    approveResetRequest: call(ResetDecisionInput, answers<CompanyUser>()),
    denyResetRequest: call(ResetDecisionInput, answers<void>()),
    /** Lifts a "this wasn't me" lock (step-up); answers the user's row. */
    unlockUser: call(StepUpUserInput, answers<CompanyUser>()),
    /** Signs the user out on every device (step-up); answers how many. */
    signOutUserEverywhere: call(StepUpUserInput, answers<SignedOutResponse>()),
    listAudit: call(AuditListInput, answers<AuditPage>()),
  },
} as const;
