import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../app-pages/app-origin.js';
import { createMainWindow, devToolsAllowed } from './main-window.js';

// Electron is not loadable in a unit test: a stand-in BrowserWindow records the options it is built with.
const built = vi.hoisted(() => [] as BrowserWindowConstructorOptions[]);
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(options: BrowserWindowConstructorOptions) {
      built.push(options);
    }
  },
}));

/** Builds the main window and returns the options it gave `new BrowserWindow`. */
function optionsOf(devTools: boolean): BrowserWindowConstructorOptions {
  built.length = 0;
  createMainWindow({ preloadPath: '/app/out/preload/index.cjs', devTools });
  expect(built).toHaveLength(1);
  return built[0]!;
}

describe('main window options', () => {
  const prefs: WebPreferences = optionsOf(false).webPreferences!;

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

  it('enables no Blink features, disables middle-click (auxclick), and loads only the given preload', () => {
    // Not set at all: Electron then enables none (an empty value is one the scanner still flags).
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('blinkFeatures');
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
  });

  it('keeps the secure defaults when devtools are turned off, and shows the window at once', () => {
    const on = optionsOf(true);
    expect(prefs.devTools).toBe(false);
    expect(on.webPreferences!.devTools).toBe(true);
    expect({ ...prefs, devTools: true }).toEqual(on.webPreferences);
    expect(on.show).toBe(true);
  });
});

describe('DevTools', () => {
  it('never open in a packaged build, whatever the environment says', () => {
    expect(devToolsAllowed(true, { RMS_DEVTOOLS: '1' })).toBe(false);
    expect(devToolsAllowed(true, {})).toBe(false);
  });

  it('open in a dev run only when RMS_DEVTOOLS=1', () => {
    expect(devToolsAllowed(false, { RMS_DEVTOOLS: '1' })).toBe(true);
    expect(devToolsAllowed(false, { RMS_DEVTOOLS: 'true' })).toBe(false);
    expect(devToolsAllowed(false, {})).toBe(false);
  });
});

describe('app pages', () => {
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
