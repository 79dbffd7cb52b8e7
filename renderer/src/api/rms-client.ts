import type { InputOf, IpcResult, MethodOf, Namespace, OutputOf, RmsBridge } from '@rms/shared';
import { mapCalls } from '@rms/shared/ipc/ipc-walk';
import { IpcResultError } from './ipc-result-error';

/** `window.rms` with every result unwrapped: methods resolve the value or throw an IpcResultError. */
export type RmsClient = {
  [N in Namespace]: {
    [M in MethodOf<N>]: InputOf<N, M> extends void
      ? () => Promise<OutputOf<N, M>>
      : (input: InputOf<N, M>) => Promise<OutputOf<N, M>>;
  };
} & { events: RmsBridge['events'] };

function bridge(): RmsBridge {
  const rms = (globalThis as { rms?: RmsBridge }).rms;
  if (!rms) {
    throw new IpcResultError({ code: 'unexpected_response', message: 'The app could not reach its own background process. Restart RMS Console.' });
  }
  return rms;
}

/** Resolves the value of an IPC result or throws its error as an IpcResultError. */
export function unwrap<T>(result: IpcResult<T>): T {
  if (result.ok) return result.value;
  throw new IpcResultError(result.error);
}

function buildClient(): RmsClient {
  const client = mapCalls(({ namespace, method }) => async (input?: unknown) => {
    const target = (bridge() as unknown as Record<string, Record<string, (input?: unknown) => Promise<IpcResult<unknown>>> | undefined>)[namespace]?.[method];
    if (!target) {
      throw new IpcResultError({ code: 'unexpected_response', message: `This version of the app cannot do "${namespace}.${method}". Update RMS Console.` });
    }
    return unwrap(input === undefined ? await target() : await target(input));
  });
  const events: RmsBridge['events'] = { on: (event, listener) => bridge().events.on(event, listener) };
  return { ...client, events } as unknown as RmsClient;
}

/** The renderer's one way to the main process (reads `window.rms` on every call). */
export const rms: RmsClient = buildClient();
