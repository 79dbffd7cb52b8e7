import type { IpcResult } from '@rms/shared';
import type { IpcDispatcher } from './ipc-dispatcher.js';

/** The answer to calls made when the services failed to start (the app is closing with a dialog). */
export const NOT_STARTED: IpcResult<never> = {
  ok: false,
  error: { code: 'unexpected_response', message: 'RMS Console could not start. Restart it; if it happens again, contact your administrator.' },
};

/**
 * A dispatcher that holds every call until the services have started (keychain probe, session
 * restore), so the window can open at once and show "signing in…" instead of nothing. Calls are
 * answered in the order they came, by the started services.
 */
export function gateUntilStarted(started: Promise<Pick<IpcDispatcher, 'dispatch'>>): Pick<IpcDispatcher, 'dispatch'> {
  // A failed start is reported by whoever awaits `started`; here it only answers the waiting calls.
  const ready = started.then(
    (dispatcher) => dispatcher,
    () => null,
  );
  return {
    async dispatch(channel, input) {
      const dispatcher = await ready;
      return dispatcher ? dispatcher.dispatch(channel, input) : NOT_STARTED;
    },
  };
}
