import type { PiniaPluginContext } from 'pinia';
import { watch } from 'vue';
import { accountOf } from './auth-state';
import { useAuthStore } from './auth-store';

/** Stores that outlive an account: the auth state itself, and the app's facts and notices (about this machine, not a person). */
const KEPT_ACROSS_ACCOUNTS = new Set(['auth', 'app']);

/**
 * Pinia plugin: when the signed-in account ends (sign-out, a session main ended, another
 * account), every other store is reset at once, so whoever signs in next on this machine sees
 * nothing of the last account's data. Every store implements `$reset` (Pinia's stand-in for
 * setup stores throws in development, so a store that forgets fails its tests).
 */
export function resetOnSignOut({ store, pinia }: PiniaPluginContext): void {
  if (KEPT_ACROSS_ACCOUNTS.has(store.$id)) return;
  const auth = useAuthStore(pinia);
  watch(
    () => accountOf(auth.state),
    (account, before) => {
      if (before !== null && account !== before) store.$reset();
    },
    { flush: 'sync' },
  );
}
