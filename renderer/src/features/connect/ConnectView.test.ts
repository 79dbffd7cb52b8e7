import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeInfo } from '../../test/fixtures';
import { mountView } from '../../test/mount-view';
import { fail, installRmsMock, ok } from '../../test/rms-mock';
import ConnectView from './ConnectView.vue';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('ConnectView', () => {
  it('is read-only with an explanation when the policy locks the server, and shows a policy error', async () => {
    installRmsMock();
    const { wrapper } = await mountView(ConnectView, {
      app: { info: makeInfo({ backendLocked: true, policyError: 'The policy file /etc/rms-console/policy.json is invalid: "proxy": must not be empty. Ask your IT team to correct it.' }) },
      auth: { state: { kind: 'signed_out' } },
    });
    expect(wrapper.get('#backend-url').attributes('disabled')).toBeDefined();
    expect(wrapper.get('button[type="submit"]').attributes('disabled')).toBeDefined();
    expect(wrapper.text()).toContain('Your organisation has set the server address to https://rms.example.com');
    expect(wrapper.text()).toContain('policy.json is invalid');
  });

  it('explains an insecure address and moves on to sign in with a good one', async () => {
    const mock = installRmsMock({ 'app:setBackendUrl': fail('backend_url_insecure') });
    const { wrapper, router } = await mountView(ConnectView, { app: { info: makeInfo({ backendUrl: null }) }, auth: { state: { kind: 'signed_out' } } });
    expect(router.currentRoute.value.name).toBe('connect');
    await wrapper.get('#backend-url').setValue('http://rms.example.com');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toContain('must start with https://');
    mock.on('app:setBackendUrl', ok(makeInfo({ backendUrl: 'https://rms.example.com' })));
    await wrapper.get('#backend-url').setValue(' https://rms.example.com ');
    await wrapper.get('form').trigger('submit');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('sign-in'));
    expect(mock.inputsOf('app:setBackendUrl')[1]).toEqual({ url: 'https://rms.example.com' });
  });
});
