import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl, navigationVerdict } from './external-links.js';

describe('external links', () => {
  it('only https links with a host and no credentials go to the system browser', () => {
    expect(isSafeExternalUrl('https://support.example.com/kb/2fa')).toBe(true);
    expect(isSafeExternalUrl('http://example.com')).toBe(false);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeExternalUrl('https://user:pw@example.com')).toBe(false);
    expect(isSafeExternalUrl('smb://share/x')).toBe(false);
  });

  it('keeps app pages, hands only safe links from the window to the system browser, and decides by origin, not by prefix tricks', () => {
    expect(navigationVerdict('app://rms/index.html#/account', 'main-frame')).toBe('stay');
    expect(navigationVerdict('https://support.example.com/', 'main-frame')).toBe('system-browser');
    expect(navigationVerdict('https://support.example.com/', 'subframe')).toBe('refuse');
    expect(navigationVerdict('app://rms.evil/index.html', 'main-frame')).toBe('refuse');
    expect(navigationVerdict('app://rms/', 'subframe')).toBe('stay');
    expect(navigationVerdict('https://user:pw@example.com/', 'main-frame')).toBe('refuse');
  });
});
