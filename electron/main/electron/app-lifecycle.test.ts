import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { APP_USER_MODEL_ID, appUserModelIdFor, bringToFront, reportStartFailure, START_FAILURE_TITLE } from './app-lifecycle.js';

/** A stand-in window recording what was done to it. */
function fakeWindow(state: { minimized?: boolean; visible?: boolean; destroyed?: boolean } = {}) {
  const done: string[] = [];
  return {
    done,
    window: {
      isMinimized: () => state.minimized ?? false,
      isVisible: () => state.visible ?? true,
      isDestroyed: () => state.destroyed ?? false,
      restore: () => void done.push('restore'),
      show: () => void done.push('show'),
      focus: () => void done.push('focus'),
    },
  };
}

describe('a second launch', () => {
  it('restores, shows and focuses the window that exists from the first moment', () => {
    const minimised = fakeWindow({ minimized: true, visible: false });
    bringToFront(minimised.window);
    expect(minimised.done).toEqual(['restore', 'show', 'focus']);
    const plain = fakeWindow();
    bringToFront(plain.window);
    expect(plain.done).toEqual(['focus']);
    const gone = fakeWindow({ destroyed: true });
    bringToFront(gone.window);
    expect(gone.done).toEqual([]);
    expect(() => bringToFront(null)).not.toThrow();
  });
});

describe('a failed start', () => {
  it('shows an error box a person can act on, logs the detail and exits with 1', () => {
    const seen: unknown[] = [];
    reportStartFailure(
      {
        showErrorBox: (title, content) => seen.push(['box', title, content]),
        exit: (code) => seen.push(['exit', code]),
        logError: (message, details) => seen.push(['log', message, details]),
      },
      new Error('The keychain service stopped answering.'),
    );
    expect(seen).toEqual([
      ['log', 'the app could not start', { detail: 'The keychain service stopped answering.' }],
      ['box', START_FAILURE_TITLE, expect.stringMatching(/^The keychain service stopped answering\.\n\nRestart RMS Console\. If this happens again, contact your administrator/)],
      ['exit', 1],
    ]);
  });
});

describe('Windows identity', () => {
  it('sets the AppUserModelID on Windows only, equal to the installer appId', () => {
    const builder = parse(readFileSync(new URL('../../../electron-builder.yml', import.meta.url), 'utf8')) as { appId: string };
    expect(APP_USER_MODEL_ID).toBe(builder.appId);
    expect(appUserModelIdFor('win32')).toBe(builder.appId);
    expect(appUserModelIdFor('linux')).toBeNull();
    expect(appUserModelIdFor('darwin')).toBeNull();
  });
});
