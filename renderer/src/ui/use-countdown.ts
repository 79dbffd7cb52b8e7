import { computed, getCurrentScope, onScopeDispose, ref } from 'vue';

/** A seconds countdown (throttling, locks): `remaining` ticks down to 0 once a second. */
export function useCountdown() {
  const remaining = ref(0);
  let timer: ReturnType<typeof setInterval> | null = null;
  let endsAt = 0;

  function tick(): void {
    remaining.value = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
    if (remaining.value === 0) stop();
  }

  /** Starts (or restarts) counting down from `seconds`. */
  function start(seconds: number): void {
    stop();
    endsAt = Date.now() + Math.max(0, seconds) * 1000;
    remaining.value = Math.max(0, Math.ceil(seconds));
    if (remaining.value > 0) timer = setInterval(tick, 1000);
  }

  /** Stops counting and clears the remaining time. */
  function stop(): void {
    if (timer !== null) clearInterval(timer);
    timer = null;
    if (Date.now() >= endsAt) remaining.value = 0;
  }

  if (getCurrentScope()) onScopeDispose(() => {
    if (timer !== null) clearInterval(timer);
  });

  return { remaining, active: computed(() => remaining.value > 0), start, stop };
}
