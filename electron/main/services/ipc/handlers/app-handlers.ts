import type { AppInfo } from '@rms/shared';
import type { NamespaceHandlers } from '../handler-types.js';
import type { HostPlatform } from '../handler-types.js';

/** What the app namespace needs: the AppInfo, the backend switch and the host's desktop features. */
export interface AppHandlerDeps {
  info: () => AppInfo;
  setBackendUrl: (url: string) => Promise<AppInfo>;
  platform: HostPlatform;
}

/** The `app` namespace: app facts, the first-run backend choice, clipboard and save-to-file. */
export function createAppHandlers(deps: AppHandlerDeps): NamespaceHandlers<'app'> {
  return {
    getInfo: async () => deps.info(),
    setBackendUrl: ({ url }) => deps.setBackendUrl(url),
    copyText: ({ text }) => deps.platform.copyText(text),
    saveTextFile: (input) => deps.platform.saveTextFile(input),
  };
}
