import type { RouteRecordRaw } from 'vue-router';
import SignInView from '../features/sign-in/SignInView.vue';

/** Every screen of the console, by route name. */
export type RouteName = 'connect' | 'sign-in' | 'forgot-password' | 'sign-in-code' | 'sign-in-backup-code' | 'enrollment' | 'account' | 'company';

/**
 * Who may see a screen: `server-address` (first run, or signed out), `signed-out`, `code-step`
 * (a sign-in waiting for its code), `enrollment` (a sign-in held until 2FA is set up),
 * `signed-in`, `admin` (signed-in administrators).
 */
export type RouteAccess = 'server-address' | 'signed-out' | 'code-step' | 'enrollment' | 'signed-in' | 'admin';

declare module 'vue-router' {
  interface RouteMeta {
    /** The window title. */
    title?: string;
    /** Who may see the screen; the navigation follows the auth state from it. */
    access?: RouteAccess;
  }
}

/** The screen a signed-in person lands on ("/" and unknown paths lead here, then to where the state allows). */
export const HOME: RouteName = 'account';

/** The console's routes: one per screen, named for the navigation and for links (sign-in is in the first chunk: it is the first screen most runs show). */
export const routes = [
  { path: '/', redirect: { name: HOME } },
  { path: '/connect', name: 'connect', component: () => import('../features/connect/ConnectView.vue'), meta: { title: 'Connect to the RMS server', access: 'server-address' } },
  { path: '/sign-in', name: 'sign-in', component: SignInView, meta: { title: 'Sign in', access: 'signed-out' } },
  { path: '/sign-in/forgot-password', name: 'forgot-password', component: () => import('../features/sign-in/ForgotPasswordView.vue'), meta: { title: 'Forgot password', access: 'signed-out' } },
  { path: '/sign-in/code', name: 'sign-in-code', component: () => import('../features/sign-in/SignInCodeView.vue'), meta: { title: 'Verification code', access: 'code-step' } },
  { path: '/sign-in/backup-code', name: 'sign-in-backup-code', component: () => import('../features/sign-in/SignInBackupCodeView.vue'), meta: { title: 'Sign in with your backup code', access: 'code-step' } },
  { path: '/enrollment', name: 'enrollment', component: () => import('../features/sign-in/EnrollmentView.vue'), meta: { title: 'Set up two-factor authentication', access: 'enrollment' } },
  { path: '/account', name: 'account', component: () => import('../features/account/AccountSettingsView.vue'), meta: { title: 'Account settings', access: 'signed-in' } },
  { path: '/company', name: 'company', component: () => import('../features/company/CompanySettingsView.vue'), meta: { title: 'Company settings', access: 'admin' } },
  { path: '/:pathMatch(.*)*', redirect: { name: HOME } },
] satisfies RouteRecordRaw[];

/** Who may see the named screen (from its route's meta). */
export function accessOf(name: RouteName): RouteAccess {
  const access = routes.find((route) => 'name' in route && route.name === name)?.meta?.access;
  if (!access) throw new Error(`The route "${name}" does not say who may see it (meta.access).`);
  return access;
}
