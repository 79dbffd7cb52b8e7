import type { AppInfo, AuthState } from '@rms/shared';

/** Every screen of the console, by route name. */
export type RouteName = 'connect' | 'sign-in' | 'sign-in-code' | 'sign-in-backup-code' | 'enrollment' | 'account' | 'company';

/** What the guards decide from. */
export interface AccessContext {
  info: AppInfo | null;
  auth: AuthState | null;
}

const SIGNED_OUT: readonly RouteName[] = ['connect', 'sign-in'];
const CODE_STEP: readonly RouteName[] = ['sign-in-code', 'sign-in-backup-code'];

/**
 * The screen a person may see when they ask for `target`: `target` itself when allowed, else
 * where they belong (first run → connect; mid-sign-in → the code; enrollment required → the
 * wizard and nothing else; company settings → administrators only).
 */
export function allowedRoute(target: RouteName, { info, auth }: AccessContext): RouteName {
  if (info && info.backendUrl === null) return 'connect';
  if (!auth) return target === 'connect' ? 'connect' : 'sign-in';
  switch (auth.kind) {
    case 'signed_out':
      return SIGNED_OUT.includes(target) ? target : 'sign-in';
    case 'code_required':
      return CODE_STEP.includes(target) ? target : 'sign-in-code';
    case 'enrollment_required':
      return 'enrollment';
    case 'signed_in':
      if (auth.me.enrollmentRequired) return 'enrollment';
      if (target === 'company') return auth.me.user.role === 'admin' ? 'company' : 'account';
      return 'account';
  }
}
