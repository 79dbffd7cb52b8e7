import type { SessionApi } from '../../session/session-api.js';
import type { SignInMachine } from '../../session/sign-in-machine.js';

/** What the handlers of the signed-in namespaces get: the session-bound API and the AuthState to keep in step. No token. */
export interface SessionHandlerDeps {
  /** The backend calls of the session; each already carries the access token. */
  api: SessionApi;
  /** Reloads /me so the AuthState follows a change. */
  session: Pick<SignInMachine, 'loadMe' | 'refreshMe'>;
}
