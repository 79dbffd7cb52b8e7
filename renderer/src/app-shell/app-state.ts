import { errorSentence } from '@rms/shared/error-messages';
import type { AppInfo, AppNotice } from '@rms/shared';

/** Most notices kept on screen at once; older ones drop off. */
export const MAX_NOTICES = 4;

/** Adds a notice, replacing an earlier one with the same code, keeping the newest few. */
export function addNotice(notices: readonly AppNotice[], notice: AppNotice): AppNotice[] {
  return [...notices.filter((n) => n.code !== notice.code), notice].slice(-MAX_NOTICES);
}

/** Removes the notice with the given code. */
export function removeNotice(notices: readonly AppNotice[], code: string): AppNotice[] {
  return notices.filter((n) => n.code !== code);
}

/** The sentence to show when the session cannot be kept in the system keychain, else null. */
export function storageWarningOf(info: AppInfo | null): string | null {
  if (!info || info.storage.persistent) return null;
  return info.storage.reason ?? errorSentence({ code: 'keychain_unavailable', message: '' });
}
