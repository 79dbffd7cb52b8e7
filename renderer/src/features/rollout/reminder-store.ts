import { defineStore } from 'pinia';
import { ref } from 'vue';

/**
 * Whether the person chose "Later" (or "Set up now") on the enrollment reminder in this sign-in:
 * it shows again at the next sign-in (the store is reset at sign-out).
 */
export const useEnrollmentReminderStore = defineStore('enrollment-reminder', () => {
  const dismissed = ref(false);

  function dismiss(): void {
    dismissed.value = true;
  }

  function $reset(): void {
    dismissed.value = false;
  }

  return { dismissed, dismiss, $reset };
});
