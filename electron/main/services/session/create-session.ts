import type { BackendApi } from '../api/backend-api.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { SignInMachineDeps } from './sign-in-machine.js';
import { SignInMachine } from './sign-in-machine.js';
import { TokenKeeper } from './token-keeper.js';

/** What the session needs from the composition root. */
export interface SessionOptions extends Omit<SignInMachineDeps, 'keeper' | 'api'> {
  /** The API of the configured backend; throws `backend_not_configured` when none is set. */
  api: () => BackendApi;
  /** Where the refresh token lives between runs (the OS keychain, or memory). */
  secrets: SecretStore;
  /** The clock for token expiry (tests share the backend's clock). */
  now?: () => number;
}

/**
 * Builds the session: the token keeper (the only holder of tokens) and the sign-in machine on
 * top of it. Everything outside services/session/ gets the machine, whose API carries the tokens.
 */
export function createSession({ api, secrets, now, ...machine }: SessionOptions): SignInMachine {
  const keeper = new TokenKeeper({ api, secrets, logger: machine.logger, ...(now ? { now } : {}) });
  return new SignInMachine({ ...machine, api, keeper });
}
