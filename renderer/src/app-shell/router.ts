import { createRouter, createWebHashHistory, type Router, type RouterHistory } from 'vue-router';
import { afterFirstFrame } from '../ui/after-first-frame';
import { followAuthState } from './follow-auth-state';
import { routes } from './routes';

export { routes } from './routes';

/** Creates the router that follows the auth state (hash history unless a test passes its own). */
export function createAppRouter(history: RouterHistory = createWebHashHistory()): Router {
  const router = createRouter({ history, routes });
  followAuthState(router);
  router.afterEach((to) => {
    const title = to.meta.title ? `${to.meta.title} — RMS Console` : 'RMS Console';
    // The first screen's title waits for its first frame (index.html says "RMS Console" until then).
    afterFirstFrame(() => (document.title = title));
  });
  return router;
}
