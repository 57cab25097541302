/**
 * Code blocks and tables in posts scroll sideways inside themselves when they are wider than
 * the screen. A keyboard can only scroll what it can focus, and the rendered Markdown comes
 * from the server without `tabindex`, so the ones that do overflow get `tabindex="0"` here.
 */
const scrollable = '.prose pre, .prose table';
const marker = 'data-scroll-region';

/** Makes the overflowing code blocks and tables under `root` focusable, and the others not. */
export function markScrollRegions(root: ParentNode): void {
  for (const element of root.querySelectorAll<HTMLElement>(scrollable)) {
    const overflows = element.scrollWidth > element.clientWidth;
    if (overflows && !element.hasAttribute('tabindex')) {
      element.setAttribute('tabindex', '0');
      element.setAttribute(marker, '');
    } else if (!overflows && element.hasAttribute(marker)) {
      element.removeAttribute('tabindex');
      element.removeAttribute(marker);
    }
  }
}

/**
 * Keeps `markScrollRegions` true while the page changes (new posts, a preview being typed) and
 * when the window is resized. Returns the function that stops it.
 */
export function watchScrollRegions(root: HTMLElement): () => void {
  let frame: number | null = null;
  const schedule = (): void => {
    if (frame !== null) return;
    frame = requestAnimationFrame(() => {
      frame = null;
      markScrollRegions(root);
    });
  };
  const observer = new MutationObserver(schedule);
  observer.observe(root, { childList: true, subtree: true });
  window.addEventListener('resize', schedule);
  schedule();
  return () => {
    observer.disconnect();
    window.removeEventListener('resize', schedule);
    if (frame !== null) cancelAnimationFrame(frame);
  };
}
