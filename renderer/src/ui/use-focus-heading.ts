import { onMounted, ref } from 'vue';
import { afterFirstFrame } from './after-first-frame';

/**
 * A heading ref that receives focus when the screen appears (so screen readers announce it). The
 * window's first screen focuses it once the first frame is painted (see afterFirstFrame).
 */
export function useFocusHeading() {
  const heading = ref<HTMLElement | null>(null);
  onMounted(() => afterFirstFrame(() => heading.value?.focus()));
  return heading;
}
