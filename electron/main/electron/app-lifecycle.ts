import type { BaseWindow } from 'electron';

/** The Windows AppUserModelID: the appId of electron-builder.yml, so notifications and the taskbar group under the installed app. */
export const APP_USER_MODEL_ID = 'com.rmsconsole.desktop';

/** The AppUserModelID to set on this platform (Windows only), or null. */
export function appUserModelIdFor(platform: NodeJS.Platform): string | null {
  return platform === 'win32' ? APP_USER_MODEL_ID : null;
}

/** Brings the window to the front for a second launch: restored if minimised, shown if hidden, focused. */
export function bringToFront(window: Pick<BaseWindow, 'isMinimized' | 'restore' | 'isVisible' | 'show' | 'focus' | 'isDestroyed'> | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}

/** What reporting a failed start needs: Electron's dialog.showErrorBox and app.exit, and the log. */
export interface StartFailureDeps {
  showErrorBox(title: string, content: string): void;
  exit(code: number): void;
  logError(message: string, details: Record<string, unknown>): void;
}

/** The title of the error box a failed start shows. */
export const START_FAILURE_TITLE = 'RMS Console could not start';

/**
 * Reports a failed start where a person sees it: an error box with what went wrong and what to
 * do (a console line alone is invisible to someone who started the app from a menu), then exits.
 */
export function reportStartFailure(deps: StartFailureDeps, error: unknown): void {
  const detail = error instanceof Error ? error.message : String(error);
  deps.logError('the app could not start', { detail });
  deps.showErrorBox(START_FAILURE_TITLE, `${detail}\n\nRestart RMS Console. If this happens again, contact your administrator and mention this message.`);
  deps.exit(1);
}
