import type { AuthState, MeResponse } from '@rms/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { rms } from '../api/rms-client';
import { loadOnce } from '../store-kit/load-once';
import { emailOf, isAdminState, meOf, withMe } from './auth-state';

/** Where sign-in stands (from `auth.getState` and `auth:stateChanged`), and the sign-in actions. */
export const useAuthStore = defineStore('auth', () => {
  const state = ref<AuthState | null>(null);
  /** True after a sign-in with the backup code (which turned 2FA off), until the session ends. */
  const recoveredWithBackupCode = ref(false);
  let unsubscribe: (() => void) | null = null;
  const load = loadOnce(async () => {
    const answer = await rms.auth.getState();
    state.value ??= answer; // an auth:stateChanged that came first is newer
  });

  const me = computed(() => meOf(state.value));
  const email = computed(() => emailOf(state.value));
  const isAdmin = computed(() => isAdminState(state.value));
  const kind = computed(() => state.value?.kind ?? null);

  /** Follows the main process's changes and loads the state once (unless it is known already). */
  async function ensureLoaded(): Promise<void> {
    unsubscribe ??= rms.events.on('auth:stateChanged', setState);
    if (!state.value) await load();
  }

  /** Sets the state (an action's answer or a change main pushed). */
  function setState(next: AuthState): void {
    state.value = next;
    if (next.kind !== 'signed_in') recoveredWithBackupCode.value = false;
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
    const next = await rms.auth.recover({ backupCode });
    setState(next);
    recoveredWithBackupCode.value = next.kind === 'signed_in';
  }

  /** "Don't know the code" with a temporary access code: on to setting up a new authenticator. */
  async function recoverWithTemporaryCode(temporaryCode: string): Promise<void> {
    setState(await rms.auth.recoverWithTemporaryCode({ temporaryCode }));
  }

  /** Abandons a sign-in that is waiting for a code or enrollment. */
  async function cancel(): Promise<void> {
    setState(await rms.auth.cancel());
  }

  /** Signs out. */
  async function signOut(): Promise<void> {
    setState(await rms.auth.signOut());
  }

  return { state, recoveredWithBackupCode, me, email, isAdmin, kind, ensureLoaded, setState, replaceMe, signIn, verifyCode, recover, recoverWithTemporaryCode, cancel, signOut };
});
