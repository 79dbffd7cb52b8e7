import type { CompanyUser, UsersPage } from '@rms/shared';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { installRmsMock, ok } from '../../test/rms-mock';
import { complianceSummary } from './company-state';
import { useCompanyPolicyStore } from './policy-store';
import { useCompanyUsersStore } from './users-store';

function user(id: string, enabled: boolean): CompanyUser {
  return { id, email: `${id}@example.com`, name: id, role: 'user', twoFactor: { enabled, enabledAt: enabled ? '2026-11-01T00:00:00.000Z' : null }, lockedUntil: null, locked: false, lastSignInAt: null, rollout: { state: enabled ? 'enabled' : 'not_required', deadline: null } };
}

describe('company users store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('pages users with cursors forwards and back, and a filter restarts at page 1', async () => {
    const pages: Record<string, UsersPage> = {
      first: { items: [user('a', true)], nextCursor: 'c2', counts: { users: 3, enrolled: 1, inScope: 3, enrolledInScope: 1 } },
      c2: { items: [user('b', false)], nextCursor: 'c3', counts: { users: 3, enrolled: 1, inScope: 3, enrolledInScope: 1 } },
      c3: { items: [user('c', false)], nextCursor: null, counts: { users: 3, enrolled: 1, inScope: 3, enrolledInScope: 1 } },
    };
    const mock = installRmsMock({ 'company:listUsers': (input) => ok(pages[(input as { cursor?: string }).cursor ?? 'first']) });
    const users = useCompanyUsersStore();
    await users.load();
    await users.next();
    await users.next();
    expect(users.items.map((u) => u.id)).toEqual(['c']);
    expect(users.pager.next).toBeNull();
    await users.next(); // at the end: no call
    await users.previous();
    expect(users.items.map((u) => u.id)).toEqual(['b']);
    await users.setFilter('disabled');
    expect(mock.inputsOf('company:listUsers').map((i) => i as { cursor?: string; twoFactor?: string })).toEqual([
      { cursor: undefined, twoFactor: undefined, limit: 20 },
      { cursor: 'c2', twoFactor: undefined, limit: 20 },
      { cursor: 'c3', twoFactor: undefined, limit: 20 },
      { cursor: 'c2', twoFactor: undefined, limit: 20 },
      { cursor: undefined, twoFactor: 'disabled', limit: 20 },
    ]);
  });

  it('resets a user with the admin\'s code and lowers the enrolled count in the table and in the company counts', async () => {
    const mock = installRmsMock({
      'company:listUsers': ok({ items: [user('a', true), user('b', false)], nextCursor: null, counts: { users: 2, enrolled: 1, inScope: 2, enrolledInScope: 1 } }),
      'company:resetUserTwoFactor': ok(user('a', false)),
    });
    const users = useCompanyUsersStore();
    const policy = useCompanyPolicyStore();
    policy.company = { id: 'c1', name: 'Acme', twoFactorAtLogin: 'optional', counts: { users: 2, enrolled: 1, inScope: 2, enrolledInScope: 1 }, rollout: null };
    await users.load();
    await users.resetUser('a', '123456');
    expect(mock.inputsOf('company:resetUserTwoFactor')).toEqual([{ userId: 'a', code: '123456' }]);
    expect(policy.company?.counts).toEqual({ users: 2, enrolled: 0, inScope: 2, enrolledInScope: 0 });
    expect(users.items[0]?.twoFactor.enabled).toBe(false);
    expect(users.counts).toEqual({ users: 2, enrolled: 0, inScope: 2, enrolledInScope: 0 });
    expect(complianceSummary(users.counts!)).toBe('0 of 2 users (0%) have two-factor authentication enabled');
  });
});
