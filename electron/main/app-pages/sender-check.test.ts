import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './sender-check.js';

describe('IPC sender check', () => {
  it('the sender check itself accepts only the app main frame', () => {
    expect(isTrustedSender({ url: 'app://rms/', parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'http://127.0.0.1:5173/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'not a url', parent: null })).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});
