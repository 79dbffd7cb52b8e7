import type { AppInfo, AppNotice } from '@rms/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { rms } from '../api/rms-client';
import { loadOnce } from '../store-kit/load-once';
import { addNotice, removeNotice, storageWarningOf } from './app-state';

/** App facts (version, backend, keychain) and the notices main pushes to the window. */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const notices = ref<AppNotice[]>([]);
  let unsubscribe: (() => void) | null = null;
  const load = loadOnce(async () => {
    info.value = await rms.app.getInfo();
  });

  const storageWarning = computed(() => storageWarningOf(info.value));
  const backendUrl = computed(() => info.value?.backendUrl ?? null);

  /** Subscribes to notices and loads AppInfo once (unless it is known already); later calls reuse the first load. */
  async function ensureLoaded(): Promise<void> {
    unsubscribe ??= rms.events.on('app:notice', (notice) => {
      notices.value = addNotice(notices.value, notice);
    });
    if (!info.value) await load();
  }

  /** Points the app at another backend (first-run screen). */
  async function setBackendUrl(url: string): Promise<void> {
    info.value = await rms.app.setBackendUrl({ url });
  }

  /** Hides a notice. */
  function dismissNotice(code: string): void {
    notices.value = removeNotice(notices.value, code);
  }

  /** Copies text to the system clipboard through the main process. */
  async function copyText(text: string): Promise<void> {
    await rms.app.copyText({ text });
  }

  /** Saves text to a file the person picks in a native save dialog; false when they cancel. */
  async function saveTextFile(suggestedName: string, contents: string): Promise<boolean> {
    const result = await rms.app.saveTextFile({ suggestedName, contents });
    return result.saved;
  }

  return { info, notices, storageWarning, backendUrl, ensureLoaded, setBackendUrl, dismissNotice, copyText, saveTextFile };
});
