import type { Pinia } from 'pinia';
import { useAuthStore } from '../session/auth-store';
import { useAppStore } from './app-store';

/**
 * Asks the main process for the app facts and the auth state before the window is built, so both
 * answers travel while Vue mounts. App.vue and the router's first navigation wait for these same
 * loads (`ensureLoaded` shares a load in flight); App.vue shows a failure and offers to try again.
 */
export function startLoading(pinia: Pinia): void {
  Promise.all([useAppStore(pinia).ensureLoaded(), useAuthStore(pinia).ensureLoaded()]).catch(() => undefined);
}
