import type { SessionManager } from '../../session/session-manager.js';
import { requireTotpCode } from '../../session/session-manager.js';
import type { NamespaceHandlers } from '../handler-types.js';

/** The `account` namespace: the signed-in user's 2FA settings. Changes republish the AuthState. */
export function createAccountHandlers(session: SessionManager): NamespaceHandlers<'account'> {
  const refreshAfter = async <T>(result: T): Promise<T> => {
    await session.refreshMe().catch(() => undefined);
    return result;
  };
  return {
    getMe: () => session.loadMe(),
    regenerateBackupCode: async ({ code }) => {
      const totp = requireTotpCode(code);
      return refreshAfter(await session.withAccess((api, token) => api.regenerateBackupCode(token, totp)));
    },
    startDeviceChange: async ({ code }) => {
      const totp = requireTotpCode(code);
      return session.withAccess((api, token) => api.startDeviceChange(token, totp));
    },
    confirmDeviceChange: async ({ code }) => {
      const totp = requireTotpCode(code);
      return refreshAfter(await session.withAccess((api, token) => api.confirmDeviceChange(token, totp)));
    },
    disableTwoFactor: async ({ code }) => {
      const totp = requireTotpCode(code);
      return refreshAfter(await session.withAccess((api, token) => api.disableTwoFactor(token, totp)));
    },
  };
}
