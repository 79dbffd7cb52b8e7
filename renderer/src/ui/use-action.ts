import { computed, ref } from 'vue';
import type { IpcResultError } from '../api/ipc-result-error';
import { useErrorAlert, type ErrorAlert } from './use-error-alert';

/** What a caller does after its action failed: the error is shown and the controls are enabled again. */
export type OnFailure = (shown: IpcResultError) => void | Promise<void>;

/**
 * One action of a screen (submit a code, save a setting, load a page): `busy` while it runs,
 * its error in an alert (with the throttle countdown), and `busy` off again before the caller's
 * own failure handling runs, so a code field can be cleared and focused. Pass an `ErrorAlert`
 * to let several actions share one alert.
 */
export function useAction(failure: ErrorAlert = useErrorAlert()) {
  const busy = ref(false);
  /** False while the action runs or a throttle countdown blocks another attempt. */
  const ready = computed(() => !busy.value && !failure.blocked.value);

  /** Runs the action unless one is running; true when it succeeded. */
  async function run(action: () => Promise<unknown>, onFailure?: OnFailure): Promise<boolean> {
    if (busy.value) return false;
    busy.value = true;
    failure.clear();
    try {
      await action();
      return true;
    } catch (error) {
      const shown = failure.show(error);
      busy.value = false;
      await onFailure?.(shown);
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { busy, ready, failure, run };
}
