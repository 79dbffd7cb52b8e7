import type { AuditEvent, Campaign, CompanyCounts, CompanyResponse, CompanyUser, TwoFactorAtLogin } from '@rms/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { rms } from '../../api/rms-client';
import { toIpcResultError, type IpcResultError } from '../../api/ipc-result-error';
import { countsAfterReset, replaceUser } from './company-state';
import { back, firstPage, forward, withNext, type CursorPager } from '../../paging/cursor-pager';

/** How often a running campaign's progress is fetched. */
export const CAMPAIGN_POLL_MS = 1500;
/** Rows per page of the users and audit tables. */
export const PAGE_SIZE = 20;

/** Which users the table shows. */
export type UsersFilter = 'all' | 'enabled' | 'disabled';

/** The company, its 2FA policy, the notification campaign, the users table and the audit log. */
export const useCompanyStore = defineStore('company', () => {
  const company = ref<CompanyResponse | null>(null);

  const campaign = ref<Campaign | null>(null);
  const campaignError = ref<IpcResultError | null>(null);
  let pollTimer: ReturnType<typeof setTimeout> | null = null;

  const users = ref<CompanyUser[]>([]);
  const usersCounts = ref<CompanyCounts | null>(null);
  const usersFilter = ref<UsersFilter>('all');
  const usersPager = ref<CursorPager>(firstPage());
  const usersLoading = ref(false);

  const audit = ref<AuditEvent[]>([]);
  const auditPager = ref<CursorPager>(firstPage());
  const auditLoading = ref(false);

  /** Loads the company and its counts. */
  async function loadCompany(): Promise<void> {
    company.value = await rms.company.get();
  }

  /** Changes "Two-Factor Authentication at Login"; starts polling the campaign it may start. */
  async function setPolicy(twoFactorAtLogin: TwoFactorAtLogin, notifyUnenrolled: boolean): Promise<void> {
    const result = await rms.company.setPolicy({ twoFactorAtLogin, notifyUnenrolled });
    if (company.value) company.value = { ...company.value, twoFactorAtLogin: result.twoFactorAtLogin };
    if (result.campaign) {
      campaign.value = result.campaign;
      campaignError.value = null;
      if (!result.campaign.done) schedulePoll();
    }
  }

  function schedulePoll(): void {
    stopPolling();
    pollTimer = setTimeout(() => {
      pollTimer = null;
      void pollCampaign();
    }, CAMPAIGN_POLL_MS);
  }

  /** Fetches the campaign's progress once; schedules the next fetch until it is done. */
  async function pollCampaign(): Promise<void> {
    const current = campaign.value;
    if (!current) return;
    try {
      const next = await rms.company.getCampaign({ id: current.id });
      campaign.value = next;
      campaignError.value = null;
      if (!next.done) schedulePoll();
    } catch (error) {
      campaignError.value = toIpcResultError(error);
    }
  }

  /** Stops following the campaign (leaving the screen). */
  function stopPolling(): void {
    if (pollTimer !== null) clearTimeout(pollTimer);
    pollTimer = null;
  }

  /** True while a poll is scheduled. */
  function isPolling(): boolean {
    return pollTimer !== null;
  }

  async function fetchUsers(): Promise<void> {
    usersLoading.value = true;
    try {
      const page = await rms.company.listUsers({
        twoFactor: usersFilter.value === 'all' ? undefined : usersFilter.value,
        cursor: usersPager.value.current,
        limit: PAGE_SIZE,
      });
      users.value = page.items;
      usersCounts.value = page.counts;
      usersPager.value = withNext(usersPager.value, page.nextCursor);
    } finally {
      usersLoading.value = false;
    }
  }

  /** Loads the first page of users for the current filter. */
  async function loadUsers(): Promise<void> {
    usersPager.value = firstPage();
    await fetchUsers();
  }

  /** Shows users with that 2FA status, from the first page. */
  async function setUsersFilter(filter: UsersFilter): Promise<void> {
    usersFilter.value = filter;
    await loadUsers();
  }

  /** Loads the next page of users. */
  async function nextUsers(): Promise<void> {
    if (usersPager.value.next === null) return;
    usersPager.value = forward(usersPager.value);
    await fetchUsers();
  }

  /** Loads the previous page of users. */
  async function previousUsers(): Promise<void> {
    if (usersPager.value.history.length === 0) return;
    usersPager.value = back(usersPager.value);
    await fetchUsers();
  }

  /** Resets a user's two-factor authentication (they must set it up again). */
  async function resetUser(userId: string): Promise<CompanyUser> {
    const updated = await rms.company.resetUserTwoFactor({ userId });
    const before = users.value.find((u) => u.id === userId);
    users.value = replaceUser(users.value, updated);
    if (usersCounts.value) usersCounts.value = countsAfterReset(usersCounts.value, before, updated);
    if (company.value) company.value = { ...company.value, counts: countsAfterReset(company.value.counts, before, updated) };
    return updated;
  }

  async function fetchAudit(): Promise<void> {
    auditLoading.value = true;
    try {
      const page = await rms.company.listAudit({ cursor: auditPager.value.current, limit: PAGE_SIZE });
      audit.value = page.items;
      auditPager.value = withNext(auditPager.value, page.nextCursor);
    } finally {
      auditLoading.value = false;
    }
  }

  /** Loads the newest page of the audit log. */
  async function loadAudit(): Promise<void> {
    auditPager.value = firstPage();
    await fetchAudit();
  }

  /** Loads the next (older) page of the audit log. */
  async function nextAudit(): Promise<void> {
    if (auditPager.value.next === null) return;
    auditPager.value = forward(auditPager.value);
    await fetchAudit();
  }

  /** Loads the previous (newer) page of the audit log. */
  async function previousAudit(): Promise<void> {
    if (auditPager.value.history.length === 0) return;
    auditPager.value = back(auditPager.value);
    await fetchAudit();
  }

  return {
    company, campaign, campaignError, users, usersCounts, usersFilter, usersPager, usersLoading, audit, auditPager, auditLoading,
    loadCompany, setPolicy, pollCampaign, stopPolling, isPolling, loadUsers, setUsersFilter, nextUsers, previousUsers, resetUser,
    loadAudit, nextAudit, previousAudit,
  };
});
