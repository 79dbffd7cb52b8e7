import { onMounted, ref } from 'vue';

/** Set once the window has painted a frame: from then on a screen's heading is focused when it mounts. */
let firstFramePainted = false;

/**
 * Runs `focus` after the window's first frame (style, layout and paint done), or at once when that
 * frame is behind us. `focus()` lays the page out on the spot: on the first screen that layout
 * came before the first frame, so the screen waited for it; after the frame, the page is laid out
 * already. If no frame comes (a hidden window does not draw), the focus moves after 100 ms anyway.
 */
function afterFirstFrame(focus: () => void): void {
  if (firstFramePainted || typeof requestAnimationFrame !== 'function') return focus();
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    firstFramePainted = true;
    focus();
  };
  // A task posted from the animation frame runs once that frame's rendering is done.
  requestAnimationFrame(() => setTimeout(once));
  setTimeout(once, 100);
}

/** A heading ref that receives focus when the screen appears (so screen readers announce it). */
export function useFocusHeading() {
  const heading = ref<HTMLElement | null>(null);
  onMounted(() => afterFirstFrame(() => heading.value?.focus()));
  return heading;
}
