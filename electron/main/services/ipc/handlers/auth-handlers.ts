import type { BackendApi } from '../../api/backend-api.js';
import type { SignInMachine } from '../../session/sign-in-machine.js';
import type { NamespaceHandlers } from '../handler-types.js';

/**
 * The `auth` namespace: sign-in steps and sign-out, answered with AuthState; "Forgot password?"
 * asks the configured backend to email a link (before sign-in, so no session is involved).
 */
export function createAuthHandlers(session: SignInMachine, backend: () => Pick<BackendApi, 'requestPasswordReset'>): NamespaceHandlers<'auth'> {
  return {
    getState: async () => session.getState(),
    signIn: ({ email, password }) => session.signIn(email, password),
    verifyCode: ({ code }) => session.verifyCode(code),
    recover: ({ backupCode }) => session.recover(backupCode),
    recoverWithTemporaryCode: ({ temporaryCode }) => session.recoverWithTemporaryCode(temporaryCode),
    cancel: () => session.cancel(),
    signOut: () => session.signOut(),
    requestPasswordReset: ({ email }) => backend().requestPasswordReset(email),
  };
}
