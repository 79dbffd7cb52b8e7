import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { typeInto } from '../test/dom';
import CodeInput from './CodeInput.vue';

describe('CodeInput', () => {
  it('is a labelled numeric one-time-code field', () => {
    const wrapper = mount(CodeInput, { props: { label: 'Verification code' } });
    const input = wrapper.get('input');
    expect(input.attributes('inputmode')).toBe('numeric');
    expect(input.attributes('autocomplete')).toBe('one-time-code');
    expect(wrapper.get('label').attributes('for')).toBe(input.attributes('id'));
  });

  it('fills from a pasted "123 456" and submits exactly once', async () => {
    const wrapper = mount(CodeInput);
    const input = wrapper.get('input').element as HTMLInputElement;
    typeInto(input, '123 456');
    expect(input.value).toBe('123456');
    typeInto(input, '123456');
    expect(wrapper.emitted('complete')).toEqual([['123456']]);
  });

  it('ignores non-digits and waits for the sixth digit', async () => {
    const wrapper = mount(CodeInput);
    const input = wrapper.get('input').element as HTMLInputElement;
    typeInto(input, '12a-3b');
    expect(input.value).toBe('123');
    expect(wrapper.emitted('complete')).toBeUndefined();
    typeInto(input, '123-45x6789');
    expect(input.value).toBe('123456');
    expect(wrapper.emitted('complete')).toEqual([['123456']]);
  });

  it('clears and refocuses after an error, and submits the same code again when retyped', async () => {
    const wrapper = mount(CodeInput, { attachTo: document.body });
    const input = wrapper.get('input').element as HTMLInputElement;
    typeInto(input, '654321');
    (wrapper.vm as unknown as { clear(): void }).clear();
    expect(input.value).toBe('');
    expect(document.activeElement).toBe(input);
    typeInto(input, '654321');
    expect(wrapper.emitted('complete')).toEqual([['654321'], ['654321']]);
    wrapper.unmount();
  });

  it('does not submit while disabled', () => {
    const wrapper = mount(CodeInput, { props: { disabled: true } });
    typeInto(wrapper.get('input').element as HTMLInputElement, '123456');
    expect(wrapper.emitted('complete')).toBeUndefined();
  });
});
