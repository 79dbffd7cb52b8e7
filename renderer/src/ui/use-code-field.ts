import { nextTick, ref } from 'vue';
import type CodeInput from './CodeInput.vue';

/** A CodeInput's ref with what screens do with it: read the typed code, clear it after a refused code. */
export function useCodeField() {
  const field = ref<InstanceType<typeof CodeInput> | null>(null);

  /** The 6 typed digits, or null (with the cursor put back in the field) while fewer are typed. */
  function typedCode(): string | null {
    const code = field.value?.value ?? '';
    if (code.length === 6) return code;
    field.value?.focus();
    return null;
  }

  /** Empties and focuses the field once it is enabled again (after a failed action). */
  async function clearAfterFailure(): Promise<void> {
    await nextTick();
    field.value?.clear();
  }

  return { field, typedCode, clearAfterFailure };
}
