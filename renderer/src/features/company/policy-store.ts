import type { Campaign, CompanyProtection, CompanyResponse, CompanyUser, PolicyPreview, PolicyPreviewInput, TwoFactorAtLogin } from '@rms/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { rms } from '../../api/rms-client';
import { toIpcResultError, type IpcResultError } from '../../api/ipc-result-error';
import { createStaleGuard } from '../../store-kit/stale-guard';
import { auditEventsWritten } from './audit-log-store';
import { countsAfterReset } from './company-state';

/** How often a running campaign's progress is fetched. */
export const CAMPAIGN_POLL_MS = 1500;

/** The company (name, counts), its "Two-Factor Authentication at Login" policy and the notification campaign it started. */
export const useCompanyPolicyStore = defineStore('company-policy', () => {
  const company = ref<CompanyResponse | null>(null);
  const campaign = ref<Campaign | null>(null);
  const campaignError = ref<IpcResultError | null>(null);
  const guard = createStaleGuard();
  let pollTimer: ReturnType<typeof setTimeout> | null = null;
  /** The company's protection as stored, the "before" of the shared lowering rule (protectionLowerings). */
  const protection = computed<CompanyProtection>(() => {
    const twoFactorAtLogin = company.value?.twoFactorAtLogin ?? 'optional';
    return {
      twoFactorAtLogin,
      appliesTo: twoFactorAtLogin === 'required' ? (company.value?.rollout?.appliesTo ?? 'everyone') : null,
      verifyEmailBeforeEnrollment: company.value?.verifyEmailBeforeEnrollment === true,
    };
  });

  /** Loads the company and its counts. */
  async function loadCompany(): Promise<void> {
    const answer = await guard.fresh(rms.company.get());
    if (answer) company.value = answer;
  }

  /**
   * Changes "Two-Factor Authentication at Login" (with the rollout plan when required, and the
   * administrator's own code when the change lowers protection); starts polling the campaign it may start.
   */
  async function setPolicy(twoFactorAtLogin: TwoFactorAtLogin, notifyUnenrolled: boolean, plan?: PolicyPreviewInput, code?: string): Promise<void> {
    const input = { twoFactorAtLogin, notifyUnenrolled, ...(twoFactorAtLogin === 'required' ? plan : {}), ...(code === undefined ? {} : { code }) };
    const result = await guard.fresh(rms.company.setPolicy(input));
    if (!result) return;
    auditEventsWritten();
    if (company.value) company.value = { ...company.value, twoFactorAtLogin: result.twoFactorAtLogin, rollout: result.rollout ?? null };
    if (result.campaign) {
      campaign.value = result.campaign;
      campaignError.value = null;
      if (!result.campaign.done) schedulePoll();
    }
  }

  /**
   * Turns the email check before a first 2FA setup at sign-in on or off, keeping the requirement
   * and its plan; turning it off lowers protection and needs the administrator's own `code`.
   */
  async function setEmailCheck(verifyEmailBeforeEnrollment: boolean, code?: string): Promise<void> {
    const twoFactorAtLogin = company.value?.twoFactorAtLogin ?? 'optional';
    const result = await guard.fresh(rms.company.setPolicy({ twoFactorAtLogin, notifyUnenrolled: false, verifyEmailBeforeEnrollment, ...(code === undefined ? {} : { code }) }));
    if (!result) return;
    auditEventsWritten();
    if (company.value) company.value = { ...company.value, verifyEmailBeforeEnrollment: result.verifyEmailBeforeEnrollment ?? verifyEmailBeforeEnrollment };
  }

  /** What requiring 2FA with this plan would do (who will be held, reminder dates, deadline); changes nothing. */
  function preview(plan: PolicyPreviewInput): Promise<PolicyPreview> {
    return rms.company.previewPolicy(plan);
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
      const next = await guard.fresh(rms.company.getCampaign({ id: current.id }));
      if (!next) return;
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

  /** Keeps the company's counts right after a user's 2FA was reset. */
  function countUserReset(before: CompanyUser | undefined, after: CompanyUser): void {
    if (company.value) company.value = { ...company.value, counts: countsAfterReset(company.value.counts, before, after) };
  }

  /** Forgets the company and stops polling (sign-out); answers still on their way are dropped. */
  function $reset(): void {
    guard.invalidate();
    stopPolling();
    company.value = null;
    campaign.value = null;
    campaignError.value = null;
  }

  return { company, campaign, campaignError, protection, loadCompany, setPolicy, setEmailCheck, preview, pollCampaign, stopPolling, isPolling, countUserReset, $reset };
});
