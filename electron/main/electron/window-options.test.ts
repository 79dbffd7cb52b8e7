import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './app-origin.js';
import { mainWindowOptions, secureWebPreferences } from './window-options.js';

describe('main window options', () => {
  const prefs = mainWindowOptions('/app/out/preload/index.cjs').webPreferences!;

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false],
    ['navigateOnDragDrop', false],
  ] as const)('sets %s to %s', (key, value) => {
    expect(prefs[key]).toBe(value);
  });

  it('enables no Blink features and loads only the given preload', () => {
    expect(prefs.enableBlinkFeatures).toBe('');
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
  });

  it('keeps the secure defaults when devtools are turned off', () => {
    const off = mainWindowOptions('/p.cjs', { devTools: false }).webPreferences!;
    expect(off.devTools).toBe(false);
    expect({ ...off, devTools: true }).toEqual(secureWebPreferences('/p.cjs'));
  });

  it('serves a CSP that allows only the app itself', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data:",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
      'form-action': "'none'",
    });
  });
});
