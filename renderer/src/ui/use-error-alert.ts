import { errorSentence } from '@rms/shared/error-messages';
import { computed, ref } from 'vue';
import { isThrottle, toIpcResultError, type IpcResultError } from '../api/ipc-result-error';
import { useCountdown } from './use-countdown';

/**
 * One screen's error alert: the sentence to show, with a live countdown for throttling and locks
 * ("Try again in 27 seconds") during which `blocked` is true.
 */
export function useErrorAlert() {
  const error = ref<IpcResultError | null>(null);
  const countdown = useCountdown();

  const message = computed(() => {
    const current = error.value;
    if (!current) return '';
    if (isThrottle(current)) {
      if (!countdown.active.value) return 'You can try again now.';
      return errorSentence({ ...current, code: current.code, message: current.message, retryAfterSeconds: countdown.remaining.value });
    }
    return current.sentence;
  });

  /** Shows an error (anything thrown); starts the countdown when it carries a wait. */
  function show(thrown: unknown): IpcResultError {
    const next = toIpcResultError(thrown);
    error.value = next;
    if (isThrottle(next)) countdown.start(next.retryAfterSeconds ?? 30);
    return next;
  }

  /** Clears the error, except a throttle whose countdown still runs (it explains the wait). */
  function clear(): void {
    if (countdown.active.value) return;
    error.value = null;
  }

  return { error, message, blocked: countdown.active, remaining: countdown.remaining, show, clear };
}

/** The state behind one error alert (see `useErrorAlert`). */
export type ErrorAlert = ReturnType<typeof useErrorAlert>;
