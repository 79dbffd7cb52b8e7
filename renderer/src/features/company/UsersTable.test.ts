import type { CompanyUser } from '@rms/shared';
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { buttonNamed, typeCode } from '../../test/dom';
import { makeInfo, signedIn } from '../../test/fixtures';
import { mountView } from '../../test/mount-view';
import { installRmsMock, ok } from '../../test/rms-mock';
import UsersTable from './UsersTable.vue';
import { formatDateTime } from '../../ui/dates';
import { useCompanyUsersStore } from './users-store';

function user(id: string, overrides: Partial<CompanyUser> = {}): CompanyUser {
  return { id, email: `${id}@example.com`, name: `Name ${id}`, role: 'user', twoFactor: { enabled: true, enabledAt: '2026-11-01T00:00:00.000Z' }, lockedUntil: null, locked: false, lastSignInAt: null, rollout: { state: 'enabled', deadline: null }, ...overrides };
}

async function mountTable(items: CompanyUser[], extra: Parameters<typeof installRmsMock>[0] = {}) {
  const mock = installRmsMock({ 'company:listUsers': ok({ items, nextCursor: null, counts: { users: items.length, enrolled: items.length, inScope: items.length, enrolledInScope: items.length } }), ...extra });
  const { wrapper } = await mountView(UsersTable, { app: { info: makeInfo() }, auth: { state: signedIn({ role: 'admin', enabled: true }) } });
  await useCompanyUsersStore().load();
  await flushPromises();
  return { wrapper, mock };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('UsersTable: locked users and signing a user out everywhere', () => {
  it('shows "Locked" and unlocks with the admin\'s own code in the step-up dialog', async () => {
    const { wrapper, mock } = await mountTable([user('bob', { locked: true }), user('eve')], {
      'company:unlockUser': ok(user('bob')),
    });
    const rows = wrapper.findAll('tbody tr');
    expect(rows[0]!.find('.badge.warn').text()).toBe('Locked');
    expect(rows[1]!.find('.badge.warn').exists()).toBe(false);
    expect(rows[1]!.find('button[aria-label="Unlock eve@example.com"]').exists()).toBe(false);

    await wrapper.get('button[aria-label="Unlock bob@example.com"]').trigger('click');
    expect(wrapper.get('[role="dialog"]').text()).toContain('Unlock sign-in for Name bob?');
    typeCode(wrapper, '123456');
    await flushPromises();
    expect(mock.inputsOf('company:unlockUser')).toEqual([{ userId: 'bob', code: '123456' }]);
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(wrapper.findAll('tbody tr')[0]!.find('.badge.warn').exists()).toBe(false);
    expect(wrapper.get('[role="status"]').text()).toContain('Name bob (bob@example.com) can sign in again.');
  });

  it('signs a user out everywhere with the admin\'s code; not offered for the admin\'s own row', async () => {
    const { wrapper, mock } = await mountTable([user('u1', { email: 'ada@example.com', role: 'admin' }), user('bob')], {
      'company:signOutUserEverywhere': ok({ signedOut: 2 }),
    });
    const own = wrapper.get('button[aria-label="Sign out everywhere ada@example.com"]');
    expect(own.attributes('disabled')).toBeDefined();
    expect(own.attributes('title')).toBe('Use Signed-in devices in Account settings for your own account.');

    await wrapper.get('button[aria-label="Sign out everywhere bob@example.com"]').trigger('click');
    expect(wrapper.get('[role="dialog"]').text()).toContain('Every device signed in as bob@example.com is signed out at once');
    await buttonNamed(wrapper, 'Sign out everywhere').trigger('click');
    await flushPromises();
    expect(mock.inputsOf('company:signOutUserEverywhere')).toHaveLength(0);
    typeCode(wrapper, '654321');
    await flushPromises();
    expect(mock.inputsOf('company:signOutUserEverywhere')).toEqual([{ userId: 'bob', code: '654321' }]);
    expect(wrapper.get('[role="status"]').text()).toBe('Name bob (bob@example.com) was signed out on 2 devices. They were emailed.');
  });
});

describe('UsersTable: each person\'s state in the rollout', () => {
  it('shows enabled, due by a date, held and not in scope, and filters by state', async () => {
    const deadline = '2026-12-15T12:00:00.000Z';
    const { wrapper, mock } = await mountTable([
      user('ann'),
      user('bob', { twoFactor: { enabled: false, enabledAt: null }, rollout: { state: 'due', deadline } }),
      user('cid', { twoFactor: { enabled: false, enabledAt: null }, rollout: { state: 'held', deadline: null } }),
      user('dee', { twoFactor: { enabled: false, enabledAt: null }, rollout: { state: 'not_in_scope', deadline: null } }),
    ]);
    const states = wrapper.findAll('[data-testid="rollout-state"]').map((b) => b.text());
    expect(states).toEqual(['Enabled', `Due by ${formatDateTime(deadline)}`, 'Held: must set up', 'Not in scope']);
    await wrapper.get('#users-filter').setValue('held');
    await flushPromises();
    expect(mock.inputsOf('company:listUsers').at(-1)).toMatchObject({ state: 'held' });
    expect(mock.inputsOf('company:listUsers').at(-1)).not.toHaveProperty('twoFactor');
  });

  it('counts only the people in scope in the compliance bar', async () => {
    installRmsMock({ 'company:listUsers': ok({ items: [user('ann')], nextCursor: null, counts: { users: 10, enrolled: 4, inScope: 3, enrolledInScope: 2 } }) });
    const { wrapper } = await mountView(UsersTable, { app: { info: makeInfo() }, auth: { state: signedIn({ role: 'admin', enabled: true }) } });
    await useCompanyUsersStore().load();
    await flushPromises();
    expect(wrapper.get('#compliance-bar').attributes()).toMatchObject({ max: '3', value: '2' });
    expect(wrapper.get('#compliance-text').text()).toBe('2 of 3 administrators in scope (67%) have two-factor authentication enabled; 1 without.');
  });
});
