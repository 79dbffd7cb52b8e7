import type { CompanyCounts, CompanyUser, UsersPage } from '@rms/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { rms } from '../../api/rms-client';
import { usePagedList } from '../../store-kit/paged-list';
import { countsAfterReset, replaceUser } from './company-state';
import { useCompanyPolicyStore } from './policy-store';

/** Which users the table shows. */
export type UsersFilter = 'all' | 'enabled' | 'disabled';

/** The company's users table: one page at a time, filtered by 2FA status, with the counts and the reset action. */
export const useCompanyUsersStore = defineStore('company-users', () => {
  const filter = ref<UsersFilter>('all');
  const counts = ref<CompanyCounts | null>(null);
  const list = usePagedList<CompanyUser, UsersPage>(
    (cursor, limit) => rms.company.listUsers({ twoFactor: filter.value === 'all' ? undefined : filter.value, cursor, limit }),
    (page) => {
      counts.value = page.counts;
    },
  );

  /** Shows users with that 2FA status, from the first page. */
  async function setFilter(next: UsersFilter): Promise<void> {
    filter.value = next;
    await list.load();
  }

  /** Resets a user's two-factor authentication (they must set it up again); `code` is the admin's own (step-up). */
  async function resetUser(userId: string, code: string): Promise<CompanyUser> {
    const updated = await rms.company.resetUserTwoFactor({ userId, code });
    const before = list.items.value.find((u) => u.id === userId);
    list.items.value = replaceUser(list.items.value, updated);
    if (counts.value) counts.value = countsAfterReset(counts.value, before, updated);
    useCompanyPolicyStore().countUserReset(before, updated);
    return updated;
  }

  /** Lifts a "this wasn't me" lock (and a lock after failed codes); `code` is the admin's own (step-up). */
  async function unlockUser(userId: string, code: string): Promise<CompanyUser> {
    const updated = await rms.company.unlockUser({ userId, code });
    list.items.value = replaceUser(list.items.value, updated);
    return updated;
  }

  /** Signs the user out on every device; `code` is the admin's own (step-up). Answers how many devices. */
  async function signOutEverywhere(userId: string, code: string): Promise<number> {
    return (await rms.company.signOutUserEverywhere({ userId, code })).signedOut;
  }

  /** Empties the table (sign-out); pages still on their way are dropped. */
  function $reset(): void {
    list.reset();
    filter.value = 'all';
    counts.value = null;
  }

  const { items, pager, loading, load, next, previous } = list;
  return { items, pager, loading, counts, filter, load, next, previous, setFilter, resetUser, unlockUser, signOutEverywhere, $reset };
});
