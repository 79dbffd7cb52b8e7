import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { IpcResultError } from '../api/ipc-result-error';
import { useErrorAlert } from './use-error-alert';

describe('useErrorAlert', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('counts a throttle down live and unblocks when it ends', async () => {
    const scope = effectScope();
    const failure = scope.run(() => useErrorAlert())!;
    failure.show(new IpcResultError({ code: 'too_many_attempts', message: '', retryAfterSeconds: 30 }));
    expect(failure.blocked.value).toBe(true);
    expect(failure.message.value).toBe('Too many attempts. Try again in 30 seconds.');
    await vi.advanceTimersByTimeAsync(3000);
    expect(failure.message.value).toBe('Too many attempts. Try again in 27 seconds.');
    failure.clear(); // a running countdown stays visible
    expect(failure.message.value).toContain('27 seconds');
    await vi.advanceTimersByTimeAsync(27_000);
    expect(failure.blocked.value).toBe(false);
    expect(failure.message.value).toBe('You can try again now.');
    scope.stop();
  });

  it('says how far the phone clock is off', () => {
    const scope = effectScope();
    const failure = scope.run(() => useErrorAlert())!;
    failure.show(new IpcResultError({ code: 'clock_skew', message: '', offsetSeconds: 118 }));
    expect(failure.message.value).toContain("your phone's clock is about 2 minutes ahead");
    failure.show(new IpcResultError({ code: 'clock_skew', message: '', offsetSeconds: -300 }));
    expect(failure.message.value).toContain("your phone's clock is about 5 minutes behind");
    expect(failure.blocked.value).toBe(false);
    scope.stop();
  });

  it('shows a lock with its countdown', () => {
    const scope = effectScope();
    const failure = scope.run(() => useErrorAlert())!;
    failure.show({ code: 'account_locked', message: '', retryAfterSeconds: 3600 });
    expect(failure.message.value).toMatch(/locked.*try again in about 1 hour/);
    expect(failure.blocked.value).toBe(true);
    scope.stop();
  });
});
