// Users table and Company settings: issuing a temporary access code (shown once, then gone),
// resetting an administrator (a request for a second administrator), pending requests.
import type { CompanyUser, ResetRequest } from '@rms/shared';
import { flushPromises } from '@vue/test-utils';
import { getActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { buttonNamed, typeCode } from '../../test/dom';
import { makeInfo, signedIn } from '../../test/fixtures';
import { mountView } from '../../test/mount-view';
import { installRmsMock, ok } from '../../test/rms-mock';
import ResetRequestsCard from './ResetRequestsCard.vue';
import UsersTable from './UsersTable.vue';
import { useResetRequestsStore } from './reset-requests-store';
import { useCompanyUsersStore } from './users-store';

function user(id: string, overrides: Partial<CompanyUser> = {}): CompanyUser {
  return { id, email: `${id}@example.com`, name: `Name ${id}`, role: 'user', twoFactor: { enabled: true, enabledAt: '2026-11-01T00:00:00.000Z' }, lockedUntil: null, locked: false, lastSignInAt: null, ...overrides };
}

async function mountTable(items: CompanyUser[], extra: Parameters<typeof installRmsMock>[0] = {}) {
  const mock = installRmsMock({ 'company:listUsers': ok({ items, nextCursor: null, counts: { users: items.length, enrolled: items.length } }), ...extra });
  const { wrapper } = await mountView(UsersTable, { app: { info: makeInfo() }, auth: { state: signedIn({ role: 'admin', enabled: true }) } });
  await useCompanyUsersStore().load();
  await flushPromises();
  return { wrapper, mock };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('Issue temporary code', () => {
  it('asks for the admin\'s code, shows the code once with a copy button, and forgets it when the dialog closes', async () => {
    const { wrapper, mock } = await mountTable([user('bob')], {
      'company:issueTemporaryCode': ok({ temporaryCode: 'ABCD-EFGH-JKLM', expiresAt: '2026-11-28T19:00:00.000Z' }),
      'app:copyText': ok(undefined),
    });
    await wrapper.get('button[aria-label="Issue temporary code for bob@example.com"]').trigger('click');
    expect(wrapper.get('[role="dialog"]').text()).toContain('Issue a temporary access code for Name bob?');
    typeCode(wrapper, '123456');
    await flushPromises();
    expect(mock.inputsOf('company:issueTemporaryCode')).toEqual([{ userId: 'bob', code: '123456' }]);
    const dialog = wrapper.get('[role="dialog"]');
    expect(dialog.text()).toContain('ABCD-EFGH-JKLM');
    // Never in any store.
    expect(JSON.stringify(getActivePinia()?.state.value)).not.toContain('ABCD-EFGH-JKLM');
    await buttonNamed(wrapper, 'Copy code').trigger('click');
    await flushPromises();
    expect(mock.inputsOf('app:copyText')).toEqual([{ text: 'ABCD-EFGH-JKLM' }]);
    await buttonNamed(wrapper, 'Done').trigger('click');
    await flushPromises();
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(wrapper.html()).not.toContain('ABCD-EFGH-JKLM');
  });

  it('is not offered for a user without 2FA nor usable on the admin\'s own row', async () => {
    const { wrapper } = await mountTable([user('u1', { email: 'ada@example.com', role: 'admin' }), user('eve', { twoFactor: { enabled: false, enabledAt: null } })]);
    expect(wrapper.get('button[aria-label="Issue temporary code for ada@example.com"]').attributes('disabled')).toBeDefined();
    expect(wrapper.find('button[aria-label="Issue temporary code for eve@example.com"]').exists()).toBe(false);
  });
});

describe('Resetting an administrator', () => {
  it('says a second administrator must approve, and lists the request', async () => {
    const request: ResetRequest = {
      id: 'r1',
      target: { id: 'cy', email: 'cy@example.com', name: 'Name cy' },
      requestedBy: { id: 'u1', email: 'ada@example.com' },
      requestedAt: '2026-11-27T19:00:00.000Z',
      expiresAt: '2026-11-28T19:00:00.000Z',
    };
    const { wrapper, mock } = await mountTable([user('cy', { role: 'admin' })], {
      'company:resetUserTwoFactor': ok({ request: { id: 'r1', expiresAt: request.expiresAt } }),
      'company:listResetRequests': ok({ items: [request] }),
    });
    await wrapper.get('button[aria-label="Reset two-factor for cy@example.com"]').trigger('click');
    expect(wrapper.get('[role="dialog"]').text()).toContain('another administrator with two-factor authentication must approve');
    typeCode(wrapper, '123456');
    await flushPromises();
    expect(mock.inputsOf('company:resetUserTwoFactor')).toEqual([{ userId: 'cy', code: '123456' }]);
    expect(wrapper.get('[role="status"]').text()).toContain('another administrator must approve this reset');
    // The row is unchanged (2FA still on) and the request is now pending.
    expect(wrapper.get('tbody tr .badge').text()).toBe('Enabled');
    expect(useResetRequestsStore().items).toEqual([request]);
  });
});

describe('Pending reset requests', () => {
  const mine: ResetRequest = {
    id: 'r-mine',
    target: { id: 'cy', email: 'cy@example.com', name: 'Name cy' },
    requestedBy: { id: 'u1', email: 'ada@example.com' },
    requestedAt: '2026-11-27T19:00:00.000Z',
    expiresAt: '2026-11-28T19:00:00.000Z',
  };
  const theirs: ResetRequest = { ...mine, id: 'r-theirs', target: { id: 'dee', email: 'dee@example.com', name: 'Name dee' }, requestedBy: { id: 'bob', email: 'bob@example.com' } };

  async function mountCard(extra: Parameters<typeof installRmsMock>[0] = {}) {
    const mock = installRmsMock({ 'company:listResetRequests': ok({ items: [mine, theirs] }), ...extra });
    const { wrapper } = await mountView(ResetRequestsCard, { app: { info: makeInfo() }, auth: { state: signedIn({ role: 'admin', enabled: true }) } });
    await useResetRequestsStore().load();
    await flushPromises();
    return { wrapper, mock };
  }

  it('approves another administrator\'s request with the step-up code; one\'s own request cannot be approved', async () => {
    const { wrapper, mock } = await mountCard({ 'company:approveResetRequest': ok(user('dee', { role: 'admin', twoFactor: { enabled: false, enabledAt: null } })) });
    const own = wrapper.get('button[aria-label="Approve reset for cy@example.com"]');
    expect(own.attributes('disabled')).toBeDefined();
    expect(own.attributes('title')).toBe('You asked for this reset: another administrator must approve it.');
    await wrapper.get('button[aria-label="Approve reset for dee@example.com"]').trigger('click');
    typeCode(wrapper, '222333');
    await flushPromises();
    expect(mock.inputsOf('company:approveResetRequest')).toEqual([{ requestId: 'r-theirs', code: '222333' }]);
    expect(wrapper.text()).not.toContain('dee@example.com), asked by');
    expect(wrapper.get('[role="status"]').text()).toContain('Two-factor authentication of Name dee (dee@example.com) was reset.');
  });

  it('denies (the requester may withdraw their own)', async () => {
    const { wrapper, mock } = await mountCard({ 'company:denyResetRequest': ok(undefined) });
    await wrapper.get('button[aria-label="Deny reset for cy@example.com"]').trigger('click');
    typeCode(wrapper, '444555');
    await flushPromises();
    expect(mock.inputsOf('company:denyResetRequest')).toEqual([{ requestId: 'r-mine', code: '444555' }]);
    expect(useResetRequestsStore().items.map((r) => r.id)).toEqual(['r-theirs']);
  });
});
