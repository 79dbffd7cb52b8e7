import type { MeResponse } from '../api/account.js';

/** Where the app's sign-in stands, as the renderer sees it. Never carries a token. */
export type AuthState =
  | { kind: 'signed_out'; email?: string }
  | { kind: 'code_required'; email: string; expiresAt: string }
  | {
      kind: 'enrollment_required';
      email: string;
      /** `sign_in`: during a sign-in (challenge); `session`: a signed-in session held to enrollment. */
      via: 'sign_in' | 'session';
      /** Set for `sign_in`: when the sign-in challenge ends. */
      expiresAt?: string;
      /** True when 2FA was just reset with the backup code. */
      afterRecovery?: boolean;
      /** True when a temporary access code opened it: the new authenticator replaces the old one once set up. */
      afterTemporaryCode?: boolean;
    }
  | { kind: 'signed_in'; me: MeResponse };

/** Whether the session survives an app restart, and why not. */
export interface SessionStorageInfo {
  persistent: boolean;
  /** A sentence for the user when `persistent` is false. */
  reason?: string;
}

/** Facts about the app and its backend connection. */
export interface AppInfo {
  version: string;
  platform: string;
  /** The backend origin in use, or null before the first-run screen. */
  backendUrl: string | null;
  /** True when an administrator's policy fixes the backend URL. */
  backendLocked: boolean;
  /** Set when the policy file exists but is invalid: a sentence saying what is wrong. */
  policyError: string | null;
  storage: SessionStorageInfo;
  /** Which host runs the main-process services. */
  host: 'electron' | 'browser-host';
}

/** A notice the main process pushes to the window (keychain trouble, session ended...). */
export interface AppNotice {
  level: 'info' | 'warning' | 'error';
  code: string;
  message: string;
}

/** What saving a text file gave: whether it was saved, and under which name (null when cancelled). */
export interface SavedFile {
  saved: boolean;
  fileName: string | null;
}
