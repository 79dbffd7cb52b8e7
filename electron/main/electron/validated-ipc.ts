import type { IpcMainInvokeEvent } from 'electron';
import type { IpcResult } from '@rms/shared';
import { IPC_CALLS } from '@rms/shared';
import type { IpcDispatcher } from '../services/ipc/ipc-dispatcher.js';
import type { Logger } from '../services/logging/logger.js';
import type { SenderFrameLike } from '../app-pages/sender-check.js';
import { isTrustedSender } from '../app-pages/sender-check.js';

/** The part of ipcMain the wrapper needs. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** The answer to a sender that is not the app's main frame. */
export const FOREIGN_SENDER_RESULT: IpcResult<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This request did not come from the RMS Console window and was refused.' },
};

/**
 * Registers every call of the IPC table through one wrapper that refuses any sender whose
 * frame is not the app's main frame on app://rms, then hands the call to the dispatcher.
 * Returns a function that removes the handlers.
 */
export function registerValidatedIpc(ipcMain: IpcMainLike, dispatcher: Pick<IpcDispatcher, 'dispatch'>, logger: Logger): () => void {
  for (const { name } of IPC_CALLS) {
    ipcMain.handle(name, async (event, input) => {
      const frame = (event as { senderFrame?: SenderFrameLike | null }).senderFrame;
      if (!isTrustedSender(frame)) {
        logger.warn('refused an IPC call from a foreign sender', { channel: name, url: frame?.url ?? 'unknown' });
        return FOREIGN_SENDER_RESULT;
      }
      return dispatcher.dispatch(name, input);
    });
  }
  return () => IPC_CALLS.forEach(({ name }) => ipcMain.removeHandler(name));
}
