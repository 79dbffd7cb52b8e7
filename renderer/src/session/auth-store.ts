import type { AuthState, MeResponse } from '@rms/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { rms } from '../api/rms-client';
import { emailOf, isAdminState, meOf, withMe } from './auth-state';

/** Where sign-in stands (from `auth.getState` and `auth:stateChanged`), and the sign-in actions. */
export const useAuthStore = defineStore('auth', () => {
  const state = ref<AuthState | null>(null);
  let loading: Promise<void> | null = null;
  let unsubscribe: (() => void) | null = null;

  const me = computed(() => meOf(state.value));
  const email = computed(() => emailOf(state.value));
  const isAdmin = computed(() => isAdminState(state.value));
  const kind = computed(() => state.value?.kind ?? null);

  /** Loads the state once and follows the main process's changes. */
  function ensureLoaded(): Promise<void> {
    unsubscribe ??= rms.events.on('auth:stateChanged', (next) => {
      state.value = next;
    });
    loading ??= rms.auth.getState().then(
      (value) => {
        state.value = value;
      },
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
    return loading;
  }

  /** Sets the state from an action's answer. */
  function setState(next: AuthState): void {
    state.value = next;
  }

  /** Replaces the signed-in user's data (after /me or a 2FA change). */
  function replaceMe(next: MeResponse): void {
    state.value = withMe(state.value, next);
  }

  /** Signs in with email and password. */
  async function signIn(emailAddress: string, password: string): Promise<void> {
    setState(await rms.auth.signIn({ email: emailAddress.trim(), password }));
  }

  /** Answers the sign-in's code step. */
  async function verifyCode(code: string): Promise<void> {
    setState(await rms.auth.verifyCode({ code }));
  }

  /** Signs in with the backup code (this resets two-factor authentication). */
  async function recover(backupCode: string): Promise<void> {
    setState(await rms.auth.recover({ backupCode }));
  }

  /** Abandons a sign-in that is waiting for a code or enrollment. */
  async function cancel(): Promise<void> {
    setState(await rms.auth.cancel());
  }

  /** Signs out. */
  async function signOut(): Promise<void> {
    setState(await rms.auth.signOut());
  }

  return { state, me, email, isAdmin, kind, ensureLoaded, setState, replaceMe, signIn, verifyCode, recover, cancel, signOut };
});
