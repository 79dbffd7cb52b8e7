import { requireTotpCode } from '../../session/typed-codes.js';
import type { NamespaceHandlers } from '../handler-types.js';
import type { SessionHandlerDeps } from './session-deps.js';

/** The `account` namespace: the signed-in user's 2FA settings, password and signed-in devices. 2FA changes republish the AuthState. */
export function createAccountHandlers({ api, session }: SessionHandlerDeps): NamespaceHandlers<'account'> {
  const refreshAfter = async <T>(result: T): Promise<T> => {
    await session.refreshMe().catch(() => undefined);
    return result;
  };
  return {
    getMe: () => session.loadMe(),
    regenerateBackupCode: async ({ code }) => refreshAfter(await api.regenerateBackupCode(requireTotpCode(code))),
    startDeviceChange: async ({ code }) => api.startDeviceChange(requireTotpCode(code)),
    confirmDeviceChange: async ({ code }) => refreshAfter(await api.confirmDeviceChange(requireTotpCode(code))),
    disableTwoFactor: async ({ code }) => refreshAfter(await api.disableTwoFactor(requireTotpCode(code))),
    changePassword: ({ currentPassword, newPassword, code }) =>
      api.changePassword({ currentPassword, newPassword, ...(code?.trim() ? { code: requireTotpCode(code) } : {}) }),
    listDevices: () => api.devices(),
    signOutDevice: ({ deviceId }) => api.signOutDevice(deviceId),
    signOutOtherDevices: () => api.signOutOtherDevices(),
  };
}
