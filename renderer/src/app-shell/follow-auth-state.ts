import { effectScope, watch } from 'vue';
import type { Router } from 'vue-router';
import { useAuthStore } from '../session/auth-store';
import { useAppStore } from './app-store';
import { allowedRoute, type AccessContext } from './route-access';
import { HOME, type RouteName } from './routes';

/**
 * Lets the state alone decide where the app is (views and the header never navigate after a
 * sign-in, sign-out or enrollment step):
 * - every navigation, deep links included, goes where `allowedRoute` allows;
 * - when the auth state changes, the current screen is checked again and left if no longer allowed;
 * - when the server address changes (the connect screen), the app starts again from HOME.
 */
export function followAuthState(router: Router): void {
  let following = false;
  router.beforeEach(async (to) => {
    const app = useAppStore();
    const auth = useAuthStore();
    try {
      await Promise.all([app.ensureLoaded(), auth.ensureLoaded()]);
    } catch {
      // App.vue shows the load error; keep the person on a screen that can work without state.
    }
    if (!following) {
      following = true;
      watchState(router, () => ({ info: app.info, auth: auth.state }), () => app.info?.backendUrl);
    }
    const target = (to.name ?? HOME) as RouteName;
    const allowed = allowedRoute(target, { info: app.info, auth: auth.state });
    return allowed === target ? true : { name: allowed, replace: true };
  });
}

/** Moves the app when the state no longer allows the current screen, or to HOME when the server changed. */
function watchState(router: Router, context: () => AccessContext, backendUrl: () => string | null | undefined): void {
  // The router lives as long as the window: so do these watchers.
  effectScope(true).run(() => {
    watch(
      () => {
        const current = router.currentRoute.value.name as RouteName | undefined;
        return current ? allowedRoute(current, context()) : null;
      },
      (allowed) => {
        if (allowed && allowed !== router.currentRoute.value.name) void router.replace({ name: allowed });
      },
    );
    watch(backendUrl, (url, before) => {
      // `undefined` is "not loaded yet": the first load is not a change of server.
      if (before !== undefined && url && url !== before) void router.replace({ name: HOME });
    });
  });
}
