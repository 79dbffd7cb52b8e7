import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { createBridge } from './create-bridge.js';

/**
 * The preload (sandboxed, bundled to CJS): exposes `window.rms` and nothing else. Listeners get
 * only the payload, never the IPC event (which would leak `sender`).
 */
const rms = createBridge({
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  listen(event, listener) {
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
});

contextBridge.exposeInMainWorld('rms', rms);
