import { ref } from 'vue';
import type { Ref } from 'vue';
import { toIpcResultError } from '../../api/ipc-result-error';

/** `useAction().run`: runs an action with busy state and the error shown. */
type Run = (action: () => Promise<unknown>) => Promise<boolean>;

/**
 * Saving a company setting that may lower protection. `attempt(change)` asks for the
 * administrator's own code first (sets `steppingUp` to the change, for the StepUpDialog) when the
 * shared rule says it lowers protection, and also when the server answers `step_up_required` (its
 * rule is the one that counts); otherwise it saves at once.
 */
export function useLoweringSave<Change>(run: Run, lowers: () => boolean, save: (change: Change) => Promise<void>) {
  const steppingUp = ref(null) as Ref<Change | null>;

  async function attempt(change: Change): Promise<void> {
    if (lowers()) {
      steppingUp.value = change;
      return;
    }
    await run(async () => {
      try {
        await save(change);
      } catch (error) {
        if (toIpcResultError(error).code !== 'step_up_required') throw error;
        steppingUp.value = change;
      }
    });
  }

  return { steppingUp, attempt };
}
