import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { makeInfo, signedIn } from '../../test/fixtures';
import { mountView } from '../../test/mount-view';
import { fail, installRmsMock, ok } from '../../test/rms-mock';
import { buttonNamed, typeCode } from '../../test/dom';
import PolicyCard from './PolicyCard.vue';
import { clampDays } from './rollout-plan';
import { formatDateTime } from '../../ui/dates';

const company = { id: 'c1', name: 'Acme', twoFactorAtLogin: 'optional', counts: { users: 40, enrolled: 10 } };

afterEach(() => {
  document.body.innerHTML = '';
});

describe('PolicyCard', () => {
  it('explains that the admin must enable 2FA first and links to Account settings', async () => {
    installRmsMock();
    const { wrapper } = await mountView(PolicyCard, { app: { info: makeInfo() }, auth: { state: signedIn({ enabled: false }) }, 'company-policy': { company } });
    expect(wrapper.get('select').attributes('disabled')).toBeDefined();
    expect(wrapper.text()).toContain('turn on two-factor authentication for your own account first');
    expect(wrapper.get('a').attributes('href')).toBe('/account');
  });

  it('asks whether to email the users without 2FA after Required + OK, then applies the answer', async () => {
    const mock = installRmsMock({
      'company:previewPolicy': ok({ affected: 30, users: [], reminders: [], deadline: null }),
      'company:setPolicy': ok({ twoFactorAtLogin: 'required', campaign: { id: 'k1', createdAt: '2026-11-27T19:00:00.000Z', total: 30, sent: 30, failed: 0, done: true } }),
    });
    const { wrapper } = await mountView(PolicyCard, { app: { info: makeInfo() }, auth: { state: signedIn({ enabled: true }) }, 'company-policy': { company } });
    await wrapper.get('select').setValue('required');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(mock.inputsOf('company:setPolicy')).toHaveLength(0);
    expect(wrapper.get('[role="group"]').text()).toContain('30 users have not enabled two-factor authentication yet');
    await wrapper.findAll('button').find((b) => b.text() === 'Require and send emails')!.trigger('click');
    await flushPromises();
    expect(mock.inputsOf('company:setPolicy')).toEqual([{ twoFactorAtLogin: 'required', notifyUnenrolled: true, appliesTo: 'everyone', graceDays: 0, newUserGraceDays: 0 }]);
    expect(wrapper.find('[role="group"]').exists()).toBe(false);
    expect(wrapper.get('[role="status"]').text()).toContain('required');
  });

  it('turns Required to Optional only with the admin\'s own code: the step-up dialog asks for it, nothing is sent before', async () => {
    const mock = installRmsMock({ 'company:setPolicy': ok({ twoFactorAtLogin: 'optional', campaign: null }) });
    const { wrapper } = await mountView(PolicyCard, { app: { info: makeInfo() }, auth: { state: signedIn({ enabled: true }) }, 'company-policy': { company: { ...company, twoFactorAtLogin: 'required' } } });
    await wrapper.get('select').setValue('optional');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(mock.inputsOf('company:setPolicy')).toHaveLength(0);
    expect(wrapper.get('[role="dialog"]').text()).toContain("Lower the company's two-factor protection?");
    typeCode(wrapper, '123456');
    await flushPromises();
    expect(mock.inputsOf('company:setPolicy')).toEqual([{ twoFactorAtLogin: 'optional', notifyUnenrolled: false, code: '123456' }]);
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(wrapper.get('[role="status"]').text()).toContain('now optional');
  });

  it('cancelling the step-up changes nothing and puts the select back', async () => {
    const mock = installRmsMock();
    const { wrapper } = await mountView(PolicyCard, { app: { info: makeInfo() }, auth: { state: signedIn({ enabled: true }) }, 'company-policy': { company: { ...company, twoFactorAtLogin: 'required' } } });
    await wrapper.get('select').setValue('optional');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    await buttonNamed(wrapper, 'Cancel').trigger('click');
    await flushPromises();
    expect(mock.inputsOf('company:setPolicy')).toHaveLength(0);
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect((wrapper.get('#policy-select').element as HTMLSelectElement).value).toBe('required');
  });

  it('narrowing a required plan from everyone to administrators asks for the code after the question, then sends it', async () => {
    const rollout = { appliesTo: 'administrators', graceDays: 0, newUserGraceDays: 0, deadline: null, createdAt: '2026-12-01T12:00:00.000Z', reminders: [] };
    const mock = installRmsMock({ 'company:previewPolicy': ok({ affected: 0, users: [], reminders: [], deadline: null }), 'company:setPolicy': ok({ twoFactorAtLogin: 'required', campaign: null, deadline: null, rollout }) });
    const forEveryone = { ...company, twoFactorAtLogin: 'required', rollout: { ...rollout, appliesTo: 'everyone' } };
    const { wrapper } = await mountView(PolicyCard, { app: { info: makeInfo() }, auth: { state: signedIn({ enabled: true }) }, 'company-policy': { company: forEveryone } });
    await wrapper.get('#plan-applies-to').setValue('administrators');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    await buttonNamed(wrapper, 'Require without emails').trigger('click');
    await flushPromises();
    expect(mock.inputsOf('company:setPolicy')).toHaveLength(0);
    expect(wrapper.get('[role="dialog"]').text()).toContain('administrators only');
    typeCode(wrapper, '654321');
    await flushPromises();
    expect(mock.inputsOf('company:setPolicy')).toEqual([{ twoFactorAtLogin: 'required', notifyUnenrolled: false, appliesTo: 'administrators', graceDays: 0, newUserGraceDays: 0, code: '654321' }]);
  });

  it('plans a rollout: previews who will be held, the reminder dates and the deadline, then saves the plan', async () => {
    const preview = {
      affected: 2,
      users: [
        { id: 'u1', email: 'tom@example.com', name: 'Tom Technician', lastSignInAt: '2026-11-20T08:00:00.000Z' },
        { id: 'u2', email: 'nia@example.com', name: 'Nia New', lastSignInAt: null },
      ],
      reminders: ['2026-12-08T12:00:00.000Z', '2026-12-14T12:00:00.000Z'],
      deadline: '2026-12-15T12:00:00.000Z',
    };
    const rollout = { appliesTo: 'administrators', graceDays: 14, newUserGraceDays: 5, deadline: preview.deadline, createdAt: '2026-12-01T12:00:00.000Z', reminders: preview.reminders };
    const mock = installRmsMock({
      'company:previewPolicy': ok(preview),
      'company:setPolicy': ok({ twoFactorAtLogin: 'required', campaign: null, deadline: preview.deadline, rollout }),
    });
    const { wrapper } = await mountView(PolicyCard, { app: { info: makeInfo() }, auth: { state: signedIn({ enabled: true }) }, 'company-policy': { company } });
    await wrapper.get('#policy-select').setValue('required');
    await wrapper.get('#plan-applies-to').setValue('administrators');
    await wrapper.get('#plan-grace-days').setValue('14');
    await wrapper.get('#plan-new-user-days').setValue('5');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(mock.inputsOf('company:previewPolicy')).toEqual([{ appliesTo: 'administrators', graceDays: 14, newUserGraceDays: 5 }]);
    expect(mock.inputsOf('company:setPolicy')).toHaveLength(0); // nothing changes before the confirmation
    const group = wrapper.get('[role="group"]').text();
    expect(group).toContain('2 people will be held from the deadline');
    expect(group).toContain('Tom Technician');
    expect(group).toContain('Never'); // Nia has not signed in yet
    expect(group).toContain(formatDateTime(preview.deadline)); // in local time
    expect(group).toContain(formatDateTime(preview.reminders[0]!));
    await wrapper.findAll('button').find((b) => b.text() === 'Require without emails')!.trigger('click');
    await flushPromises();
    expect(mock.inputsOf('company:setPolicy')).toEqual([{ twoFactorAtLogin: 'required', notifyUnenrolled: false, appliesTo: 'administrators', graceDays: 14, newUserGraceDays: 5 }]);
    expect(wrapper.get('[role="status"]').text()).toContain(`Administrators must set up two-factor authentication by ${formatDateTime(preview.deadline)}`);
  });

  it('asks for the code when the server answers step_up_required (the card\'s copy of the policy was stale), then resends with it', async () => {
    const rollout = { appliesTo: 'administrators', graceDays: 7, newUserGraceDays: 0, deadline: null, createdAt: '2026-12-01T12:00:00.000Z', reminders: [] };
    const answers = [fail('step_up_required', { message: "Enter a current code from your authenticator app to lower the company's protection." }), ok({ twoFactorAtLogin: 'required', campaign: null, deadline: null, rollout })];
    const mock = installRmsMock({ 'company:previewPolicy': ok({ affected: 0, users: [], reminders: [], deadline: null }), 'company:setPolicy': () => answers.shift()! });
    const stale = { ...company, twoFactorAtLogin: 'required', rollout: { ...rollout, graceDays: 0 } };
    const { wrapper } = await mountView(PolicyCard, { app: { info: makeInfo() }, auth: { state: signedIn({ enabled: true }) }, 'company-policy': { company: stale } });
    await wrapper.get('#plan-grace-days').setValue('7');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    await buttonNamed(wrapper, 'Require without emails').trigger('click');
    await flushPromises();
    expect(mock.inputsOf('company:setPolicy')).toHaveLength(1);
    expect(wrapper.get('[role="dialog"]').text()).toContain("Lower the company's two-factor protection?");
    typeCode(wrapper, '112233');
    await flushPromises();
    expect(mock.inputsOf('company:setPolicy')).toEqual([
      { twoFactorAtLogin: 'required', notifyUnenrolled: false, appliesTo: 'administrators', graceDays: 7, newUserGraceDays: 0 },
      { twoFactorAtLogin: 'required', notifyUnenrolled: false, appliesTo: 'administrators', graceDays: 7, newUserGraceDays: 0, code: '112233' },
    ]);
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
  });

  it('keeps 0..90 grace days whatever is typed', () => {
    expect(clampDays(120, 90)).toBe(90);
    expect(clampDays(-3, 90)).toBe(0);
    expect(clampDays(Number.NaN, 90)).toBe(0);
  });

  it("turns the email check before setup off only with the admin's own code, keeping the requirement and its plan", async () => {
    const mock = installRmsMock({ 'company:setPolicy': ok({ twoFactorAtLogin: 'required', verifyEmailBeforeEnrollment: false, campaign: null }) });
    const { wrapper } = await mountView(PolicyCard, {
      app: { info: makeInfo() },
      auth: { state: signedIn({ enabled: true }) },
      'company-policy': { company: { ...company, twoFactorAtLogin: 'required', verifyEmailBeforeEnrollment: true } },
    });
    const checkbox = wrapper.get('input[type="checkbox"]');
    expect((checkbox.element as HTMLInputElement).checked).toBe(true);
    await checkbox.setValue(false);
    await wrapper.get('form[aria-label="Email check before setup"]').trigger('submit');
    await flushPromises();
    expect(mock.inputsOf('company:setPolicy')).toHaveLength(0);
    expect(wrapper.get('[role="dialog"]').text()).toContain('Turn off the email check?');
    typeCode(wrapper, '123456');
    await flushPromises();
    expect(mock.inputsOf('company:setPolicy')).toEqual([{ twoFactorAtLogin: 'required', notifyUnenrolled: false, verifyEmailBeforeEnrollment: false, code: '123456' }]);
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('The email check is now off.');
    expect((wrapper.get('input[type="checkbox"]').element as HTMLInputElement).checked).toBe(false);
  });

  it('turns the email check on without a code; cancelling a step-up to turn it off puts the box back', async () => {
    const mock = installRmsMock({ 'company:setPolicy': ok({ twoFactorAtLogin: 'optional', verifyEmailBeforeEnrollment: true, campaign: null }) });
    const { wrapper } = await mountView(PolicyCard, { app: { info: makeInfo() }, auth: { state: signedIn({ enabled: true }) }, 'company-policy': { company: { ...company, verifyEmailBeforeEnrollment: false } } });
    await wrapper.get('input[type="checkbox"]').setValue(true);
    await wrapper.get('form[aria-label="Email check before setup"]').trigger('submit');
    await flushPromises();
    expect(mock.inputsOf('company:setPolicy')).toEqual([{ twoFactorAtLogin: 'optional', notifyUnenrolled: false, verifyEmailBeforeEnrollment: true }]);
    expect(wrapper.text()).toContain('The email check is now on.');

    await wrapper.get('input[type="checkbox"]').setValue(false);
    await wrapper.get('form[aria-label="Email check before setup"]').trigger('submit');
    await flushPromises();
    await buttonNamed(wrapper, 'Cancel').trigger('click');
    await flushPromises();
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect((wrapper.get('input[type="checkbox"]').element as HTMLInputElement).checked).toBe(true);
    expect(mock.inputsOf('company:setPolicy')).toHaveLength(1);
  });
});
