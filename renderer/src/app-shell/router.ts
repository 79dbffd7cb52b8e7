import { createRouter, createWebHashHistory, type Router, type RouterHistory } from 'vue-router';
import { useAppStore } from './app-store';
import { useAuthStore } from '../session/auth-store';
import SignInView from '../features/sign-in/SignInView.vue';
import { allowedRoute, type RouteName } from './route-access';

/** The console's routes: one per screen, named for the guards and for links (sign-in is in the first chunk: it is the first screen most runs show). */
export const routes = [
  { path: '/', redirect: { name: 'account' } },
  { path: '/connect', name: 'connect', component: () => import('../features/connect/ConnectView.vue'), meta: { title: 'Connect to the RMS server' } },
  { path: '/sign-in', name: 'sign-in', component: SignInView, meta: { title: 'Sign in' } },
  { path: '/sign-in/code', name: 'sign-in-code', component: () => import('../features/sign-in/SignInCodeView.vue'), meta: { title: 'Verification code' } },
  { path: '/sign-in/backup-code', name: 'sign-in-backup-code', component: () => import('../features/sign-in/SignInBackupCodeView.vue'), meta: { title: 'Sign in with your backup code' } },
  { path: '/enrollment', name: 'enrollment', component: () => import('../features/sign-in/EnrollmentView.vue'), meta: { title: 'Set up two-factor authentication' } },
  { path: '/account', name: 'account', component: () => import('../features/account/AccountSettingsView.vue'), meta: { title: 'Account settings' } },
  { path: '/company', name: 'company', component: () => import('../features/company/CompanySettingsView.vue'), meta: { title: 'Company settings' } },
  { path: '/:pathMatch(.*)*', redirect: { name: 'account' } },
];

/** Creates the router with the AuthState-driven guard (hash history unless a test passes its own). */
export function createAppRouter(history: RouterHistory = createWebHashHistory()): Router {
  const router = createRouter({ history, routes });
  router.beforeEach(async (to) => {
    const app = useAppStore();
    const auth = useAuthStore();
    try {
      await Promise.all([app.ensureLoaded(), auth.ensureLoaded()]);
    } catch {
      // App.vue shows the load error; keep the person on a screen that can work without state.
    }
    const target = (to.name ?? 'account') as RouteName;
    const allowed = allowedRoute(target, { info: app.info, auth: auth.state });
    return allowed === target ? true : { name: allowed, replace: true };
  });
  router.afterEach((to) => {
    const title = typeof to.meta.title === 'string' ? to.meta.title : '';
    document.title = title ? `${title} — RMS Console` : 'RMS Console';
  });
  return router;
}
