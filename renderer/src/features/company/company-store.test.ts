import type { Campaign, CompanyUser, UsersPage } from '@rms/shared';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fail, installRmsMock, ok } from '../../test/rms-mock';
import { CAMPAIGN_POLL_MS, useCompanyStore } from './company-store';
import { campaignSummary, complianceSummary } from './company-state';

const campaign = (sent: number, failed: number, done: boolean): Campaign => ({ id: 'k1', createdAt: '2026-11-27T19:00:00.000Z', total: 40, sent, failed, done });

function user(id: string, enabled: boolean): CompanyUser {
  return { id, email: `${id}@example.com`, name: id, role: 'user', twoFactor: { enabled, enabledAt: enabled ? '2026-11-01T00:00:00.000Z' : null }, lockedUntil: null, lastSignInAt: null };
}

describe('company store', () => {
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
    const company = useCompanyStore();
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
    const company = useCompanyStore();
    await company.setPolicy('required', true);
    await vi.advanceTimersByTimeAsync(CAMPAIGN_POLL_MS);
    expect(company.campaignError?.code).toBe('backend_unreachable');
    expect(company.isPolling()).toBe(false);
  });

  it('does not poll when no campaign was started', async () => {
    installRmsMock({ 'company:setPolicy': ok({ twoFactorAtLogin: 'optional', campaign: null }) });
    const company = useCompanyStore();
    await company.setPolicy('optional', false);
    expect(company.isPolling()).toBe(false);
    expect(company.campaign).toBeNull();
  });

  it('pages users with cursors forwards and back, and a filter restarts at page 1', async () => {
    const pages: Record<string, UsersPage> = {
      first: { items: [user('a', true)], nextCursor: 'c2', counts: { users: 3, enrolled: 1 } },
      c2: { items: [user('b', false)], nextCursor: 'c3', counts: { users: 3, enrolled: 1 } },
      c3: { items: [user('c', false)], nextCursor: null, counts: { users: 3, enrolled: 1 } },
    };
    const mock = installRmsMock({ 'company:listUsers': (input) => ok(pages[(input as { cursor?: string }).cursor ?? 'first']) });
    const company = useCompanyStore();
    await company.loadUsers();
    await company.nextUsers();
    await company.nextUsers();
    expect(company.users.map((u) => u.id)).toEqual(['c']);
    expect(company.usersPager.next).toBeNull();
    await company.nextUsers(); // at the end: no call
    await company.previousUsers();
    expect(company.users.map((u) => u.id)).toEqual(['b']);
    await company.setUsersFilter('disabled');
    expect(mock.inputsOf('company:listUsers').map((i) => i as { cursor?: string; twoFactor?: string })).toEqual([
      { cursor: undefined, twoFactor: undefined, limit: 20 },
      { cursor: 'c2', twoFactor: undefined, limit: 20 },
      { cursor: 'c3', twoFactor: undefined, limit: 20 },
      { cursor: 'c2', twoFactor: undefined, limit: 20 },
      { cursor: undefined, twoFactor: 'disabled', limit: 20 },
    ]);
  });

  it('resets a user and lowers the enrolled count', async () => {
    installRmsMock({
      'company:listUsers': ok({ items: [user('a', true), user('b', false)], nextCursor: null, counts: { users: 2, enrolled: 1 } }),
      'company:resetUserTwoFactor': ok(user('a', false)),
    });
    const company = useCompanyStore();
    await company.loadUsers();
    await company.resetUser('a');
    expect(company.users[0]?.twoFactor.enabled).toBe(false);
    expect(company.usersCounts).toEqual({ users: 2, enrolled: 0 });
    expect(complianceSummary(company.usersCounts!)).toBe('0 of 2 users (0%) have two-factor authentication enabled');
  });
});

describe('campaignSummary', () => {
  it('says when nobody needed an email', () => {
    expect(campaignSummary({ id: 'k', createdAt: '2026-11-27T19:00:00.000Z', total: 0, sent: 0, failed: 0, done: true })).toBe(
      'No emails to send: every user already has two-factor authentication enabled.',
    );
  });
});
