import { getCurrentScope, onScopeDispose, ref } from 'vue';

/** The current time in ms, refreshed every `intervalMs` while the caller's scope lives. */
export function useNow(intervalMs = 1000) {
  const now = ref(Date.now());
  const timer = setInterval(() => {
    now.value = Date.now();
  }, intervalMs);
  if (getCurrentScope()) onScopeDispose(() => clearInterval(timer));
  return now;
}
