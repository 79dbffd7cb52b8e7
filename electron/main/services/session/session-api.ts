import type { SessionEndpoints, SessionSend } from '../api/session-endpoints.js';
import { SESSION_ENDPOINTS } from '../api/session-endpoints.js';

/**
 * The backend calls of the signed-in session as handlers use them: every call already carries
 * the access token (refreshed before expiry and once on a 401), so no handler ever sees one.
 */
export type SessionApi = {
  [K in keyof SessionEndpoints]: SessionEndpoints[K] extends (send: SessionSend, ...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R> : never;
};

/** Runs session requests with the session's token (the sign-in machine's, which answers for the session state). */
export type Authorized = <T>(run: (send: SessionSend) => Promise<T>) => Promise<T>;

/** Binds every session endpoint to the session: one function per endpoint, without a token parameter. */
export function bindSessionApi(authorized: Authorized): SessionApi {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const [name, endpoint] of Object.entries(SESSION_ENDPOINTS) as [string, (send: SessionSend, ...args: unknown[]) => Promise<unknown>][]) {
    api[name] = (...args) => authorized((send) => endpoint(send, ...args));
  }
  return Object.freeze(api) as SessionApi;
}
