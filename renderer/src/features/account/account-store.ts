import type { BackupCodeResult, ChangePasswordInput, PendingSecret } from '@rms/shared';
import { defineStore } from 'pinia';
import { computed } from 'vue';
import { rms } from '../../api/rms-client';
import { useAuthStore } from '../../session/auth-store';
import { withTwoFactor } from '../../session/auth-state';

/** The signed-in user's profile and the two-factor actions of Account settings. */
export const useAccountStore = defineStore('account', () => {
  const auth = useAuthStore();
  const me = computed(() => auth.me);
  const twoFactor = computed(() => me.value?.user.twoFactor ?? null);
  /** True when the company requires 2FA, so it cannot be turned off. */
  const policyRequired = computed(() => me.value?.company.twoFactorAtLogin === 'required');
  /** True when this session began with the backup code (which turned 2FA off). */
  const recoveredWithBackupCode = computed(() => auth.recoveredWithBackupCode);

  /** Reloads /me. */
  async function refresh(): Promise<void> {
    auth.replaceMe(await rms.account.getMe());
  }

  /** Replaces the backup code (needs a current code); the old one stops working at once. */
  async function regenerateBackupCode(code: string): Promise<BackupCodeResult> {
    return rms.account.regenerateBackupCode({ code });
  }

  /** Starts moving 2FA to a new phone (needs a code from the old one). */
  async function startDeviceChange(code: string): Promise<PendingSecret> {
    return rms.account.startDeviceChange({ code });
  }

  /** Confirms the new phone with one of its codes; the old phone stops working. */
  async function confirmDeviceChange(code: string): Promise<void> {
    const result = await rms.account.confirmDeviceChange({ code });
    if (me.value) auth.replaceMe(withTwoFactor(me.value, result.twoFactor));
  }

  /** Turns two-factor authentication off (needs a current code; refused while the company requires it). */
  async function disableTwoFactor(code: string): Promise<void> {
    const result = await rms.account.disableTwoFactor({ code });
    if (me.value) auth.replaceMe(withTwoFactor(me.value, result.twoFactor));
  }

  /** Changes the password (every other device is signed out); answers how many devices were. */
  async function changePassword(input: ChangePasswordInput): Promise<number> {
    return (await rms.account.changePassword(input)).signedOut;
  }

  /** Nothing to forget at sign-out: /me lives in the auth store. */
  function $reset(): void {}

  return {
    me,
    twoFactor,
    policyRequired,
    recoveredWithBackupCode,
    $reset,
    refresh,
    regenerateBackupCode,
    startDeviceChange,
    confirmDeviceChange,
    disableTwoFactor,
    changePassword,
  };
});
