import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { enrollmentFlow } from './setup-flows';
import { buttonNamed } from '../../test/dom';
import { makeInfo, PENDING, signedIn } from '../../test/fixtures';
import { mountView } from '../../test/mount-view';
import { installRmsMock, ok } from '../../test/rms-mock';
import TwoFactorWizard from './TwoFactorWizard.vue';
import { defineComponent, h } from 'vue';

const Host = defineComponent({
  emits: ['done'],
  setup(_, { emit }) {
    const flow = enrollmentFlow();
    return () => h(TwoFactorWizard, { flow, account: 'ada@example.com', onDone: () => emit('done') });
  },
});

afterEach(() => {
  document.body.innerHTML = '';
});

describe('TwoFactorWizard', () => {
  it('shows the apps, the QR code and grouped key, then the backup code with Done gated by the checkbox', async () => {
    const future = new Date(Date.now() + 600_000).toISOString();
    const mock = installRmsMock({
      'enrollment:start': ok({ ...PENDING, expiresAt: future }),
      'enrollment:confirm': ok({ backupCode: 'ABCDEFGHIJKLMNOPQRST' }),
      'enrollment:complete': ok(signedIn({ enabled: true })),
      'app:saveTextFile': ok({ saved: true, fileName: '/home/ada/rms-backup-code.txt' }),
    });
    const { wrapper } = await mountView(Host, { app: { info: makeInfo() }, auth: { state: signedIn() } });
    expect(wrapper.get('h2').text()).toBe('Install an authenticator app');
    expect(document.activeElement).toBe(wrapper.get('h2').element);
    expect(wrapper.findAll('li').map((li) => li.text())).toEqual(['Google Authenticator', 'Microsoft Authenticator', 'Duo Mobile', 'Twilio Authy']);

    await buttonNamed(wrapper, 'Next').trigger('click');
    await flushPromises();
    await vi.waitFor(() => expect(wrapper.find('img').exists()).toBe(true));
    expect(wrapper.get('img').attributes('src')).toMatch(/^data:image\/png;base64,/);
    expect(wrapper.get('img').attributes('alt')).toMatch(/QR code/);
    expect(wrapper.get('[data-testid="setup-key"]').text()).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');

    await buttonNamed(wrapper, 'Next').trigger('click');
    await flushPromises();
    const input = wrapper.get('input').element as HTMLInputElement;
    input.value = '123456';
    input.dispatchEvent(new Event('input'));
    await flushPromises();

    expect(wrapper.get('[data-testid="backup-code"]').text()).toBe('ABCDE-FGHIJ-KLMNO-PQRST');
    const done = buttonNamed(wrapper, 'Done');
    expect(done.attributes('disabled')).toBeDefined();

    await buttonNamed(wrapper, 'Download').trigger('click');
    await flushPromises();
    const saved = mock.inputsOf('app:saveTextFile')[0] as { suggestedName: string; contents: string };
    expect(saved.suggestedName).toBe('rms-backup-code.txt');
    expect(saved.contents).toContain('ABCDE-FGHIJ-KLMNO-PQRST');
    expect(saved.contents).toContain('Account: ada@example.com');

    await wrapper.get('input[type="checkbox"]').setValue(true);
    expect(done.attributes('disabled')).toBeUndefined();
    await done.trigger('click');
    await flushPromises();
    expect(mock.inputsOf('enrollment:complete')).toHaveLength(1);
    expect(wrapper.emitted('done')).toHaveLength(1);
  });
});
