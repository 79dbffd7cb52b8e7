import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { IpcResultError } from '../api/ipc-result-error';
import { useAction } from './use-action';
import { useErrorAlert } from './use-error-alert';

function inScope<T>(make: () => T): { value: T; stop: () => void } {
  const scope = effectScope();
  return { value: scope.run(make)!, stop: () => scope.stop() };
}

describe('useAction', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is busy while the action runs, clears the last error and answers true on success', async () => {
    const { value: action, stop } = inScope(() => useAction());
    action.failure.show(new IpcResultError({ code: 'invalid_code', message: '' }));
    let busyInside = false;
    const done = await action.run(async () => {
      busyInside = action.busy.value;
      expect(action.failure.message.value).toBe('');
    });
    expect(done).toBe(true);
    expect(busyInside).toBe(true);
    expect(action.busy.value).toBe(false);
    stop();
  });

  it('shows the failure and is no longer busy when the caller handles it (so a code field can be cleared)', async () => {
    const { value: action, stop } = inScope(() => useAction());
    const seen: { code: string; busy: boolean }[] = [];
    const done = await action.run(
      () => Promise.reject(new IpcResultError({ code: 'invalid_code', message: '' })),
      (shown) => {
        seen.push({ code: shown.code, busy: action.busy.value });
      },
    );
    expect(done).toBe(false);
    expect(seen).toEqual([{ code: 'invalid_code', busy: false }]);
    expect(action.failure.message.value).toMatch(/That code is not correct/);
    stop();
  });

  it('refuses a second run while one is running', async () => {
    const { value: action, stop } = inScope(() => useAction());
    let finish: () => void = () => undefined;
    const first = action.run(() => new Promise<void>((resolve) => (finish = resolve)));
    const calls: string[] = [];
    expect(await action.run(async () => void calls.push('second'))).toBe(false);
    finish();
    expect(await first).toBe(true);
    expect(calls).toEqual([]);
    stop();
  });

  it('is not ready while a throttle counts down, and shares one alert with another action', async () => {
    const { value, stop } = inScope(() => {
      const failure = useErrorAlert();
      return { first: useAction(failure), second: useAction(failure) };
    });
    await value.first.run(() => Promise.reject(new IpcResultError({ code: 'too_many_attempts', message: '', retryAfterSeconds: 5 })));
    expect(value.first.ready.value).toBe(false);
    expect(value.second.ready.value).toBe(false);
    expect(value.second.failure.message.value).toBe('Too many attempts. Try again in 5 seconds.');
    await vi.advanceTimersByTimeAsync(5000);
    expect(value.first.ready.value).toBe(true);
    stop();
  });
});
