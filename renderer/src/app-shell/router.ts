import { createRouter, createWebHashHistory, type Router, type RouterHistory } from 'vue-router';
import { followAuthState } from './follow-auth-state';
import { routes } from './routes';

export { routes } from './routes';

/** Creates the router that follows the auth state (hash history unless a test passes its own). */
export function createAppRouter(history: RouterHistory = createWebHashHistory()): Router {
  const router = createRouter({ history, routes });
  followAuthState(router);
  router.afterEach((to) => {
    const title = to.meta.title ?? '';
    document.title = title ? `${title} — RMS Console` : 'RMS Console';
  });
  return router;
}
