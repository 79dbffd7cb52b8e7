import type { CompanyCounts, CompanyUser, TemporaryCodeResponse, UsersPage } from '@rms/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { rms } from '../../api/rms-client';
import { usePagedList } from '../../store-kit/paged-list';
import { auditEventsWritten } from './audit-log-store';
import { countsAfterReset, replaceUser } from './company-state';
import { useCompanyPolicyStore } from './policy-store';

/** What resetting someone's 2FA did: reset at once, or a request a second administrator must approve. */
export type ResetOutcome = { kind: 'reset'; user: CompanyUser } | { kind: 'requested'; expiresAt: string };

/** Which users the table shows: by 2FA status, or by their state in the rollout. */
export type UsersFilter = 'all' | 'enabled' | 'disabled' | 'due' | 'held' | 'not_in_scope';

/** The listUsers query of a filter. */
export function filterQuery(filter: UsersFilter): { twoFactor?: 'enabled' | 'disabled'; state?: 'due' | 'held' | 'not_in_scope' } {
  if (filter === 'enabled' || filter === 'disabled') return { twoFactor: filter };
  if (filter === 'all') return {};
  return { state: filter };
}

/** The company's users table: one page at a time, filtered by 2FA status, with the counts and the reset action. */
export const useCompanyUsersStore = defineStore('company-users', () => {
  const filter = ref<UsersFilter>('all');
  const counts = ref<CompanyCounts | null>(null);
  const list = usePagedList<CompanyUser, UsersPage>(
    (cursor, limit) => rms.company.listUsers({ ...filterQuery(filter.value), cursor, limit }),
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
  async function resetUser(userId: string, code: string): Promise<ResetOutcome> {
    const answer = await rms.company.resetUserTwoFactor({ userId, code });
    auditEventsWritten();
    if ('request' in answer) return { kind: 'requested', expiresAt: answer.request.expiresAt };
    const updated = answer;
    const before = list.items.value.find((u) => u.id === userId);
    list.items.value = replaceUser(list.items.value, updated);
    if (counts.value) counts.value = countsAfterReset(counts.value, before, updated);
    useCompanyPolicyStore().countUserReset(before, updated);
    return { kind: 'reset', user: updated };
  }

  /**
   * Issues a temporary access code for the user; `code` is the admin's own (step-up). The code is
   * answered to the caller only (shown once in its dialog), never kept in this store.
   */
  async function issueTemporaryCode(userId: string, code: string): Promise<TemporaryCodeResponse> {
    const answer = await rms.company.issueTemporaryCode({ userId, code });
    auditEventsWritten();
    return answer;
  }

  /** Puts a row the server answered into the table (after an approved reset request). */
  function showUser(updated: CompanyUser): void {
    const before = list.items.value.find((u) => u.id === updated.id);
    list.items.value = replaceUser(list.items.value, updated);
    if (counts.value) counts.value = countsAfterReset(counts.value, before, updated);
    useCompanyPolicyStore().countUserReset(before, updated);
  }

  /** Lifts a "this wasn't me" lock (and a lock after failed codes); `code` is the admin's own (step-up). */
  async function unlockUser(userId: string, code: string): Promise<CompanyUser> {
    const updated = await rms.company.unlockUser({ userId, code });
    auditEventsWritten();
    list.items.value = replaceUser(list.items.value, updated);
    return updated;
  }

  /** Signs the user out on every device; `code` is the admin's own (step-up). Answers how many devices. */
  async function signOutEverywhere(userId: string, code: string): Promise<number> {
    const { signedOut } = await rms.company.signOutUserEverywhere({ userId, code });
    auditEventsWritten();
    return signedOut;
  }

  /** Empties the table (sign-out); pages still on their way are dropped. */
  function $reset(): void {
    list.reset();
    filter.value = 'all';
    counts.value = null;
  }

  const { items, pager, loading, load, next, previous } = list;
  return { items, pager, loading, counts, filter, load, next, previous, setFilter, resetUser, issueTemporaryCode, showUser, unlockUser, signOutEverywhere, $reset };
});
