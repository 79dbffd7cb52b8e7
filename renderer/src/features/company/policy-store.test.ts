import type { Campaign } from '@rms/shared';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fail, installRmsMock, ok } from '../../test/rms-mock';
import { campaignSummary } from './company-state';
import { CAMPAIGN_POLL_MS, useCompanyPolicyStore } from './policy-store';

const campaign = (sent: number, failed: number, done: boolean): Campaign => ({ id: 'k1', createdAt: '2026-11-27T19:00:00.000Z', total: 40, sent, failed, done });

describe('company policy store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('polls the campaign until it is done, then stops', async () => {
    const answers = [campaign(12, 1, false), campaign(39, 1, true)];
    const mock = installRmsMock({
      'company:setPolicy': ok({ twoFactorAtLogin: 'required', campaign: campaign(0, 0, false) }),
      'company:getCampaign': () => ok(answers.shift()),
    });
    const company = useCompanyPolicyStore();
    await company.setPolicy('required', true);
    expect(mock.inputsOf('company:setPolicy')).toEqual([{ twoFactorAtLogin: 'required', notifyUnenrolled: true }]);
    expect(company.isPolling()).toBe(true);

    await vi.advanceTimersByTimeAsync(CAMPAIGN_POLL_MS);
    expect(company.campaign && campaignSummary(company.campaign)).toBe('Sent 12 of 40, 1 failed');
    await vi.advanceTimersByTimeAsync(CAMPAIGN_POLL_MS);
    expect(company.campaign?.done).toBe(true);
    expect(company.isPolling()).toBe(false);
    await vi.advanceTimersByTimeAsync(CAMPAIGN_POLL_MS * 5);
    expect(mock.inputsOf('company:getCampaign')).toEqual([{ id: 'k1' }, { id: 'k1' }]);
  });

  it('stops polling on a failure and keeps the error for the screen', async () => {
    installRmsMock({
      'company:setPolicy': ok({ twoFactorAtLogin: 'required', campaign: campaign(0, 0, false) }),
      'company:getCampaign': fail('backend_unreachable'),
    });
    const company = useCompanyPolicyStore();
    await company.setPolicy('required', true);
    await vi.advanceTimersByTimeAsync(CAMPAIGN_POLL_MS);
    expect(company.campaignError?.code).toBe('backend_unreachable');
    expect(company.isPolling()).toBe(false);
  });

  it('forgets the company and campaign on $reset, stops polling and drops an answer still on its way', async () => {
    let answerCompany: (value: unknown) => void = () => undefined;
    installRmsMock({
      'company:setPolicy': ok({ twoFactorAtLogin: 'required', campaign: campaign(0, 0, false) }),
      'company:get': () => new Promise((resolve) => (answerCompany = (value) => resolve(ok(value)))),
    });
    const company = useCompanyPolicyStore();
    await company.setPolicy('required', true);
    const loading = company.loadCompany();
    company.$reset();
    expect(company.campaign).toBeNull();
    expect(company.isPolling()).toBe(false);
    answerCompany({ id: 'c1', name: 'Acme', twoFactorAtLogin: 'required', counts: { users: 40, enrolled: 10 } });
    await loading;
    expect(company.company).toBeNull();
  });

  it('does not poll when no campaign was started', async () => {
    installRmsMock({ 'company:setPolicy': ok({ twoFactorAtLogin: 'optional', campaign: null }) });
    const company = useCompanyPolicyStore();
    await company.setPolicy('optional', false);
    expect(company.isPolling()).toBe(false);
    expect(company.campaign).toBeNull();
  });
});
