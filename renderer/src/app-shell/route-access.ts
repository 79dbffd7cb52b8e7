import type { AppInfo, AuthState } from '@rms/shared';
import { accessOf, type RouteAccess, type RouteName } from './routes';

export type { RouteName } from './routes';

/** What the navigation decides from. */
export interface AccessContext {
  info: AppInfo | null;
  auth: AuthState | null;
}

/**
 * The one place that decides where the app is: the screen to show instead of one that asks
 * `access`, or null when the state allows it (first run → connect; signed out → sign in;
 * mid-sign-in → the code; enrollment required → the wizard and nothing else; company settings
 * → administrators only; signed in → off the sign-in screens).
 */
export function redirectFor(access: RouteAccess, { info, auth }: AccessContext): RouteName | null {
  if (info && info.backendUrl === null) return access === 'server-address' ? null : 'connect';
  if (!auth) return access === 'server-address' ? null : 'sign-in';
  switch (auth.kind) {
    case 'signed_out':
      return access === 'server-address' || access === 'signed-out' ? null : 'sign-in';
    case 'code_required':
      return access === 'code-step' ? null : 'sign-in-code';
    case 'enrollment_required':
      return access === 'enrollment' ? null : 'enrollment';
    case 'signed_in':
      if (auth.me.enrollmentRequired) return access === 'enrollment' ? null : 'enrollment';
      if (access === 'signed-in') return null;
      if (access === 'admin') return auth.me.user.role === 'admin' ? null : 'account';
      return 'account';
  }
}

/** The screen a person may see when they ask for `target`: `target` itself when allowed, else where they belong. */
export function allowedRoute(target: RouteName, context: AccessContext): RouteName {
  return redirectFor(accessOf(target), context) ?? target;
}
