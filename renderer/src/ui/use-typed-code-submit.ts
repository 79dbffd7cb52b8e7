import { nextTick, ref } from 'vue';
import { useAction } from './use-action';

/** What `useTypedCodeSubmit` needs: how to read the typed text, what to say when it is malformed, what to send. */
export interface TypedCodeSubmitOptions {
  /** The canonical code for the typed text, or null when it cannot be one. */
  normalize: (typed: string) => string | null;
  /** The sentence shown for a malformed code (nothing is sent). */
  invalidMessage: string;
  /** Sends the canonical code. */
  send: (code: string) => Promise<unknown>;
}

/**
 * A form for a long typed code (backup code, temporary access code): the text (`code`), the input
 * element (`input`, bound with ref="input"), and `submit`, which refuses a malformed code with its
 * sentence and the cursor back in the field, else sends it through useAction and puts the cursor
 * back in the field after a refusal.
 */
export function useTypedCodeSubmit(options: TypedCodeSubmitOptions) {
  const { busy, ready, failure, run } = useAction();
  const code = ref('');
  const input = ref<HTMLInputElement | null>(null);

  async function submit(): Promise<void> {
    if (!ready.value) return;
    const normalized = options.normalize(code.value);
    if (!normalized) {
      failure.show({ code: 'invalid_input', message: options.invalidMessage });
      input.value?.focus();
      return;
    }
    await run(
      () => options.send(normalized),
      async () => {
        await nextTick();
        input.value?.focus();
      },
    );
  }

  return { busy, ready, failure, code, input, submit };
}
