import { createPinia, type Pinia, type PiniaPlugin } from 'pinia';
import { resetOnSignOut } from '../session/reset-on-sign-out';

/** The plugins of the app's Pinia (the renderer test kit installs the same). */
export const APP_PINIA_PLUGINS: PiniaPlugin[] = [resetOnSignOut];

/** The app's Pinia: every store is reset when the signed-in account ends. */
export function createAppPinia(): Pinia {
  const pinia = createPinia();
  for (const plugin of APP_PINIA_PLUGINS) pinia.use(plugin);
  return pinia;
}
