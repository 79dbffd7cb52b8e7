/// <reference types="vite/client" />
import type { RmsBridge } from '@rms/shared';

declare global {
  interface Window {
    /** The preload bridge: the renderer's only way to the main process. */
    rms: RmsBridge;
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
