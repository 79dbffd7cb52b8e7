import { onMounted, ref } from 'vue';

/** A heading ref that receives focus when the screen appears (so screen readers announce it). */
export function useFocusHeading() {
  const heading = ref<HTMLElement | null>(null);
  onMounted(() => heading.value?.focus());
  return heading;
}
