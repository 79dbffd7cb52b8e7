import type { SignedInDevice } from '@rms/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { rms } from '../../api/rms-client';

/** The devices signed in to the account (Account settings → Signed-in devices) and signing them out. */
export const useDevicesStore = defineStore('devices', () => {
  const devices = ref<SignedInDevice[]>([]);
  const loaded = ref(false);

  /** Reloads the list from the server. */
  async function load(): Promise<void> {
    devices.value = await rms.account.listDevices();
    loaded.value = true;
  }

  /** Signs one other device out (its app returns to the sign-in screen); answers how many were. */
  async function signOut(deviceId: string): Promise<number> {
    const { signedOut } = await rms.account.signOutDevice({ deviceId });
    devices.value = devices.value.filter((d) => d.id !== deviceId);
    return signedOut;
  }

  /** Signs out every device but this one; answers how many were. */
  async function signOutOthers(): Promise<number> {
    const { signedOut } = await rms.account.signOutOtherDevices();
    devices.value = devices.value.filter((d) => d.current);
    return signedOut;
  }

  /** Forgets the list (sign-out). */
  function $reset(): void {
    devices.value = [];
    loaded.value = false;
  }

  return { devices, loaded, load, signOut, signOutOthers, $reset };
});
