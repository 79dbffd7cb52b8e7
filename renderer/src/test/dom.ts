import type { VueWrapper } from '@vue/test-utils';

/** The button whose text is exactly `name` (throws when there is none). */
export function buttonNamed(wrapper: VueWrapper, name: string) {
  const found = wrapper.findAll('button').find((b) => b.text() === name);
  if (!found) throw new Error(`No button "${name}"`);
  return found;
}

/** Types `value` into an input the way a person (or a paste) does: sets it and fires `input`. */
export function typeInto(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

/** Types into the screen's one-time-code field. */
export function typeCode(wrapper: VueWrapper, code: string): void {
  typeInto(wrapper.get('input[autocomplete="one-time-code"]').element as HTMLInputElement, code);
}
