import { EventEmitter } from 'node:events';
import type { WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { createSilentLogger } from '../services/logging/logger.js';
import { guardNavigation } from './navigation-guard.js';

/** A stand-in WebContents: the guard's listeners on an EventEmitter, and its window-open handler. */
function guardedContents() {
  const emitter = new EventEmitter();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  const contents = {
    on: (event: string, listener: (...args: unknown[]) => void) => emitter.on(event, listener),
    setWindowOpenHandler: (handler: typeof openHandler) => void (openHandler = handler),
  } as unknown as Pick<WebContents, 'on' | 'setWindowOpenHandler'>;
  const opened: string[] = [];
  const log: { level: string; message: string }[] = [];
  guardNavigation(contents, { openInSystemBrowser: async (url) => void opened.push(url), logger: createSilentLogger(log) });
  /** Emits a navigation event; returns whether the guard cancelled it. */
  const navigate = (event: string, url: string, isMainFrame = true) => {
    let prevented = false;
    emitter.emit(event, { url, isMainFrame, preventDefault: () => void (prevented = true) }, url);
    return prevented;
  };
  return { navigate, openWindow: (url: string) => openHandler!({ url }), opened, log, listeners: (event: string) => emitter.listenerCount(event) };
}

describe('navigation guard', () => {
  it('keeps app pages, sends safe https links from the window to the system browser, refuses the rest', () => {
    const g = guardedContents();
    expect(g.navigate('will-navigate', 'app://rms/index.html#/account')).toBe(false);
    expect(g.navigate('will-navigate', 'https://support.example.com/kb/2fa')).toBe(true);
    expect(g.navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(g.navigate('will-navigate', 'http://example.com/')).toBe(true);
    expect(g.opened).toEqual(['https://support.example.com/kb/2fa']);
    expect(g.log.filter((l) => l.message === 'refused a navigation')).toHaveLength(2);
  });

  it('guards will-frame-navigate too: a frame cannot navigate away, nor open the system browser', () => {
    const g = guardedContents();
    expect(g.listeners('will-frame-navigate')).toBe(1);
    expect(g.navigate('will-frame-navigate', 'https://evil.example/phish', false)).toBe(true);
    expect(g.navigate('will-frame-navigate', 'https://support.example.com/kb/2fa', false)).toBe(true);
    expect(g.navigate('will-frame-navigate', 'app://rms/index.html', false)).toBe(false);
    expect(g.opened).toEqual([]);
    expect(g.log.filter((l) => l.message === 'refused a frame navigation')).toHaveLength(2);
  });

  it('refuses redirects away from the app and every new window; a safe link from window.open goes to the system browser', () => {
    const g = guardedContents();
    expect(g.navigate('will-redirect', 'https://captive.example/login')).toBe(true);
    expect(g.openWindow('https://support.example.com/')).toEqual({ action: 'deny' });
    expect(g.openWindow('app://rms/index.html')).toEqual({ action: 'deny' });
    expect(g.openWindow('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(g.opened).toEqual(['https://support.example.com/']);
    expect(g.navigate('will-attach-webview', 'about:blank')).toBe(true);
  });
});
