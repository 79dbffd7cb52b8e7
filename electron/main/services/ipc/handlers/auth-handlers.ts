import type { SignInMachine } from '../../session/sign-in-machine.js';
import type { NamespaceHandlers } from '../handler-types.js';

/** The `auth` namespace: sign-in steps and sign-out, answered with AuthState. */
export function createAuthHandlers(session: SignInMachine): NamespaceHandlers<'auth'> {
  return {
    getState: async () => session.getState(),
    signIn: ({ email, password }) => session.signIn(email, password),
    verifyCode: ({ code }) => session.verifyCode(code),
    recover: ({ backupCode }) => session.recover(backupCode),
    cancel: () => session.cancel(),
    signOut: () => session.signOut(),
  };
}
