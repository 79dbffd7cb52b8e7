import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDateTime } from '../../ui/dates';
import { makeInfo, makeMe } from '../../test/fixtures';
import { mountView } from '../../test/mount-view';
import { installRmsMock } from '../../test/rms-mock';
import EnrollmentReminder from './EnrollmentReminder.vue';
import { useEnrollmentReminderStore } from './reminder-store';

afterEach(() => {
  document.body.innerHTML = '';
});

function dueIn(days: number): string {
  return new Date(Date.now() + days * 24 * 60 * 60 * 1000 - 60_000).toISOString();
}

describe('EnrollmentReminder', () => {
  it('says by when (local time) and how many days are left, with "Set up now" and "Later (N days left)"', async () => {
    installRmsMock();
    const deadline = dueIn(5);
    const me = { ...makeMe({ role: 'user' }), enrollmentDeadline: deadline };
    const { wrapper } = await mountView(EnrollmentReminder, { app: { info: makeInfo() }, auth: { state: { kind: 'signed_in', me } } });
    expect(wrapper.get('#reminder-text').text()).toBe(`Your company requires two-factor authentication by ${formatDateTime(deadline)} (5 days left).`);
    const later = wrapper.findAll('button').find((b) => b.text() === 'Later (5 days left)');
    expect(later).toBeDefined();
    expect(wrapper.get('a.button').text()).toBe('Set up now');
    expect(wrapper.get('a.button').attributes('href')).toBe('/account#two-factor-heading');
    await later!.trigger('click');
    await flushPromises();
    expect(useEnrollmentReminderStore().dismissed).toBe(true);
  });

  it('shows nothing without a deadline (enrolled, out of scope, or held: the wizard takes over)', async () => {
    installRmsMock();
    const { wrapper } = await mountView(EnrollmentReminder, { app: { info: makeInfo() }, auth: { state: { kind: 'signed_in', me: makeMe() } } });
    expect(wrapper.find('#reminder-text').exists()).toBe(false);
  });

  it('counts a part of a day as a day left', async () => {
    installRmsMock();
    const me = { ...makeMe({ role: 'user' }), enrollmentDeadline: new Date(Date.now() + 3 * 60 * 60 * 1000).toISOString() };
    const { wrapper } = await mountView(EnrollmentReminder, { app: { info: makeInfo() }, auth: { state: { kind: 'signed_in', me } } });
    expect(wrapper.get('#reminder-text').text()).toContain('(1 day left)');
  });
});
