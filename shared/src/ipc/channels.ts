import type { MeResponse, TwoFactorChangeResponse } from '../api/account.js';
import type { BackupCodeResult, PendingSecret } from '../api/common.js';
import type {
  AuditPage,
  Campaign,
  CompanyResponse,
  CompanyUser,
  PolicyResponse,
  UsersPage,
} from '../api/company.js';
import type { RmsErrorInfo } from '../errors.js';
import type { AppInfo, AppNotice, AuthState } from './state.js';
import type {
  AuditListInput,
  BackendUrlInput,
  BackupCodeInput,
  CampaignInput,
  CodeInput,
  PolicyInput,
  SaveTextFileInput,
  SignInInput,
  TextInput,
  UserIdInput,
  UsersListInput,
} from './schemas.js';

/** What every IPC call resolves to: errors travel as data, because IPC drops error properties. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: RmsErrorInfo };

/** Declares one request/response channel: its input and its result. */
interface Channel<I, O> {
  input: I;
  output: O;
}

/**
 * The IPC channel map: namespace → method → channel. The wire name of a channel is
 * `namespace:method`. Inputs are validated by the zod schemas in `schemas.ts` in the main process.
 */
export interface ChannelMap {
  app: {
    getInfo: Channel<void, AppInfo>;
    setBackendUrl: Channel<BackendUrlInput, AppInfo>;
    copyText: Channel<TextInput, void>;
    saveTextFile: Channel<SaveTextFileInput, { saved: boolean; fileName: string | null }>;
  };
  auth: {
    getState: Channel<void, AuthState>;
    signIn: Channel<SignInInput, AuthState>;
    verifyCode: Channel<CodeInput, AuthState>;
    recover: Channel<BackupCodeInput, AuthState>;
    cancel: Channel<void, AuthState>;
    signOut: Channel<void, AuthState>;
  };
  /** The 2FA setup wizard; main picks the sign-in challenge or the session route. */
  enrollment: {
    start: Channel<void, PendingSecret>;
    confirm: Channel<CodeInput, BackupCodeResult>;
    complete: Channel<void, AuthState>;
  };
  account: {
    getMe: Channel<void, MeResponse>;
    regenerateBackupCode: Channel<CodeInput, BackupCodeResult>;
    startDeviceChange: Channel<CodeInput, PendingSecret>;
    confirmDeviceChange: Channel<CodeInput, TwoFactorChangeResponse>;
    disableTwoFactor: Channel<CodeInput, TwoFactorChangeResponse>;
  };
  company: {
    get: Channel<void, CompanyResponse>;
    setPolicy: Channel<PolicyInput, PolicyResponse>;
    getCampaign: Channel<CampaignInput, Campaign>;
    listUsers: Channel<UsersListInput, UsersPage>;
    resetUserTwoFactor: Channel<UserIdInput, CompanyUser>;
    listAudit: Channel<AuditListInput, AuditPage>;
  };
}

/** Events main pushes to the window, with their payloads. */
export interface EventMap {
  'auth:stateChanged': AuthState;
  'app:notice': AppNotice;
}

export type Namespace = keyof ChannelMap;
export type MethodOf<N extends Namespace> = keyof ChannelMap[N] & string;
export type ChannelName = { [N in Namespace]: `${N}:${MethodOf<N>}` }[Namespace];
export type InputOf<N extends Namespace, M extends MethodOf<N>> = ChannelMap[N][M] extends Channel<infer I, unknown> ? I : never;
export type OutputOf<N extends Namespace, M extends MethodOf<N>> = ChannelMap[N][M] extends Channel<unknown, infer O> ? O : never;

/** The shape of `window.rms`: one namespace per domain, each method returning an `IpcResult`. */
export type RmsBridge = {
  [N in Namespace]: {
    [M in MethodOf<N>]: InputOf<N, M> extends void
      ? () => Promise<IpcResult<OutputOf<N, M>>>
      : (input: InputOf<N, M>) => Promise<IpcResult<OutputOf<N, M>>>;
  };
} & {
  events: {
    /** Subscribes to a main-process event; returns the unsubscribe function. */
    on<E extends keyof EventMap>(event: E, listener: (payload: EventMap[E]) => void): () => void;
  };
};

/** Every channel's wire name, grouped by namespace (what the preload and the browser host expose). */
export const CHANNEL_NAMES = {
  app: ['getInfo', 'setBackendUrl', 'copyText', 'saveTextFile'],
  auth: ['getState', 'signIn', 'verifyCode', 'recover', 'cancel', 'signOut'],
  enrollment: ['start', 'confirm', 'complete'],
  account: ['getMe', 'regenerateBackupCode', 'startDeviceChange', 'confirmDeviceChange', 'disableTwoFactor'],
  company: ['get', 'setPolicy', 'getCampaign', 'listUsers', 'resetUserTwoFactor', 'listAudit'],
} as const satisfies { [N in Namespace]: readonly MethodOf<N>[] };

/** Every event's wire name. */
export const EVENT_NAMES = ['auth:stateChanged', 'app:notice'] as const satisfies readonly (keyof EventMap)[];

/** The wire name of a channel. */
export function channelName<N extends Namespace>(namespace: N, method: MethodOf<N>): ChannelName {
  return `${namespace}:${method}` as ChannelName;
}
