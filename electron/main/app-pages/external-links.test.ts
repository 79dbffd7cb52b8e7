import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl } from './external-links.js';

describe('external links', () => {
  it('only https links with a host and no credentials go to the system browser', () => {
    expect(isSafeExternalUrl('https://support.example.com/kb/2fa')).toBe(true);
    expect(isSafeExternalUrl('http://example.com')).toBe(false);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeExternalUrl('https://user:pw@example.com')).toBe(false);
    expect(isSafeExternalUrl('smb://share/x')).toBe(false);
  });
});
