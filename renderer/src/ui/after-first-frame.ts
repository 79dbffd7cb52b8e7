/** Set once the window has painted a frame: from then on `afterFirstFrame` runs its work at once. */
let firstFramePainted = false;

/**
 * Runs `work` after the window's first frame (style, layout and paint done), or at once when that
 * frame is behind us. For what the first screen does not need to be drawn: `focus()` lays the
 * page out on the spot (the frame does that anyway), and a new document title makes the browser
 * redraw its own title (a tab strip in Chromium), on the same cores as the page's first frame.
 * If no frame comes (a hidden window does not draw), the work runs after 100 ms anyway.
 */
export function afterFirstFrame(work: () => void): void {
  if (firstFramePainted || typeof requestAnimationFrame !== 'function') return work();
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    firstFramePainted = true;
    work();
  };
  // A task posted from the animation frame runs once that frame's rendering is done.
  requestAnimationFrame(() => setTimeout(once));
  setTimeout(once, 100);
}
