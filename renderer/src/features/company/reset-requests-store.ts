import type { ResetRequest } from '@rms/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { rms } from '../../api/rms-client';
import { auditEventsWritten } from './audit-log-store';
import { useCompanyUsersStore } from './users-store';

/** Resets of administrators' 2FA waiting for a second administrator: list, approve, deny. */
export const useResetRequestsStore = defineStore('reset-requests', () => {
  const items = ref<ResetRequest[]>([]);
  const loaded = ref(false);

  async function load(): Promise<void> {
    items.value = (await rms.company.listResetRequests()).items;
    loaded.value = true;
  }

  /** Approves (the reset happens); `code` is the administrator's own (step-up). */
  async function approve(requestId: string, code: string): Promise<void> {
    const user = await rms.company.approveResetRequest({ requestId, code });
    auditEventsWritten();
    items.value = items.value.filter((r) => r.id !== requestId);
    useCompanyUsersStore().showUser(user);
  }

  /** Denies (nothing changes for the administrator it was about); `code` is the administrator's own (step-up). */
  async function deny(requestId: string, code: string): Promise<void> {
    await rms.company.denyResetRequest({ requestId, code });
    auditEventsWritten();
    items.value = items.value.filter((r) => r.id !== requestId);
  }

  function $reset(): void {
    items.value = [];
    loaded.value = false;
  }

  return { items, loaded, load, approve, deny, $reset };
});
