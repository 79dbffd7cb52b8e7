import type { SignInMachine } from '../../session/sign-in-machine.js';
import type { NamespaceHandlers } from '../handler-types.js';

/** The `enrollment` namespace: the 2FA wizard, routed to the sign-in challenge or the session. */
export function createEnrollmentHandlers(session: SignInMachine): NamespaceHandlers<'enrollment'> {
  return {
    start: () => session.startEnrollment(),
    startWithEmailCode: ({ code }) => session.startEnrollment(code),
    confirm: ({ code }) => session.confirmEnrollment(code),
    complete: () => session.completeEnrollment(),
  };
}
