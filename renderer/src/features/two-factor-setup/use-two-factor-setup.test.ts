import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { useAuthStore } from '../../session/auth-store';
import { makeMe, PENDING, signedIn } from '../../test/fixtures';
import { fail, installRmsMock, ok } from '../../test/rms-mock';
import { deviceChangeFlow, enrollmentFlow } from './setup-flows';
import { useTwoFactorSetup } from './use-two-factor-setup';

const NOW = Date.parse('2026-11-27T20:00:00.000Z');
const pending = { ...PENDING, expiresAt: '2026-11-27T20:10:00.000Z' };

function setup(flowFactory: typeof enrollmentFlow) {
  const scope = effectScope();
  const wizard = scope.run(() => useTwoFactorSetup(flowFactory()))!;
  return { wizard, scope };
}

describe('useTwoFactorSetup', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('walks apps → QR → code → backup code, with Done gated by the saved checkbox', async () => {
    const mock = installRmsMock({
      'enrollment:start': ok(pending),
      'enrollment:confirm': (input) => ((input as { code: string }).code === '123456' ? ok({ backupCode: 'ABCDE-FGHIJ-KLMNO-PQRST' }) : fail('invalid_code')),
      'enrollment:complete': ok(signedIn({ enabled: true })),
    });
    const { wizard, scope } = setup(enrollmentFlow);
    expect(wizard.step.value).toBe('apps');
    expect(wizard.stepNumber.value).toBe(1);
    expect(wizard.stepCount).toBe(4);

    await wizard.next();
    expect(wizard.step.value).toBe('scan');
    expect(wizard.pending.value?.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    await wizard.next();
    expect(wizard.step.value).toBe('verify');

    expect(await wizard.submitCode('000000')).toBe(false);
    expect(wizard.step.value).toBe('verify');
    expect(wizard.errorMessage.value).toMatch(/That code is not correct/);

    expect(await wizard.submitCode('123456')).toBe(true);
    expect(wizard.step.value).toBe('backup');
    expect(wizard.backupCode.value).toBe('ABCDE-FGHIJ-KLMNO-PQRST');
    expect(wizard.errorMessage.value).toBe('');

    expect(wizard.canFinish.value).toBe(false);
    expect(await wizard.finish()).toBe(false);
    expect(wizard.errorMessage.value).toMatch(/The backup code has been saved/);
    expect(mock.inputsOf('enrollment:complete')).toHaveLength(0);

    wizard.backupSaved.value = true;
    expect(wizard.canFinish.value).toBe(true);
    expect(await wizard.finish()).toBe(true);
    expect(wizard.step.value).toBe('done');
    expect(useAuthStore().me?.user.twoFactor.enabled).toBe(true);
    expect(mock.inputsOf('enrollment:confirm')).toEqual([{ code: '000000' }, { code: '123456' }]);
    scope.stop();
  });

  it('says when the pending setup expired and restarts with a new secret', async () => {
    const mock = installRmsMock({ 'enrollment:start': ok(pending) });
    const { wizard, scope } = setup(enrollmentFlow);
    await wizard.next();
    expect(wizard.secondsLeft.value).toBe(600);
    expect(wizard.expired.value).toBe(false);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(wizard.expired.value).toBe(true);
    mock.on('enrollment:start', ok({ ...pending, expiresAt: '2026-11-27T20:20:00.000Z' }));
    await wizard.restart();
    expect(wizard.step.value).toBe('scan');
    expect(wizard.expired.value).toBe(false);
    expect(mock.inputsOf('enrollment:start')).toHaveLength(2);
    scope.stop();
  });

  it('treats the server saying the enrollment expired as expired', async () => {
    installRmsMock({ 'enrollment:start': ok(pending), 'enrollment:confirm': fail('enrollment_expired') });
    const { wizard, scope } = setup(enrollmentFlow);
    await wizard.next();
    await wizard.next();
    await wizard.submitCode('123456');
    expect(wizard.expired.value).toBe(true);
    expect(wizard.step.value).toBe('verify');
    scope.stop();
  });

  it('goes back without calling the server, and blocks during a throttle', async () => {
    installRmsMock({ 'enrollment:start': ok(pending), 'enrollment:confirm': fail('too_many_attempts', { retryAfterSeconds: 60 }) });
    const { wizard, scope } = setup(enrollmentFlow);
    await wizard.next();
    await wizard.next();
    wizard.back();
    expect(wizard.step.value).toBe('scan');
    await wizard.next();
    await wizard.submitCode('123456');
    expect(wizard.blocked.value).toBe(true);
    expect(wizard.errorMessage.value).toBe('Too many attempts. Try again in about 1 minute.');
    scope.stop();
  });

  it('changes device: old code → new QR → new code → done, updating the status', async () => {
    const auth = useAuthStore();
    auth.setState({ kind: 'signed_in', me: makeMe({ enabled: true }) });
    const mock = installRmsMock({
      'account:startDeviceChange': ok(pending),
      'account:confirmDeviceChange': ok({ twoFactor: { enabled: true, enabledAt: '2026-11-27T20:01:00.000Z', backupCodeCreatedAt: '2026-11-01T10:00:00.000Z' } }),
    });
    const { wizard, scope } = setup(deviceChangeFlow);
    expect(wizard.step.value).toBe('current-code');
    await wizard.submitCurrentCode('111111');
    expect(wizard.step.value).toBe('scan');
    await wizard.next();
    await wizard.submitCode('222222');
    expect(wizard.step.value).toBe('done');
    expect(mock.inputsOf('account:startDeviceChange')).toEqual([{ code: '111111' }]);
    expect(mock.inputsOf('account:confirmDeviceChange')).toEqual([{ code: '222222' }]);
    expect(auth.me?.user.twoFactor.enabledAt).toBe('2026-11-27T20:01:00.000Z');
    scope.stop();
  });
});
