/** Lists carry at most this many characters (code points) of a body (shared/API.md). */
export const EXCERPT_CHARS = 2_000;

/** A fence opener or closer: up to three spaces, then three or more backticks or tildes. */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The Markdown of an excerpt cut from `head`, the first characters of a longer body: never ends
 * inside a code fence left open (the fence is closed, within the character budget), and prefers
 * to end at a line break near the cut so the last paragraph is whole.
 */
export function excerptMarkdown(head: string, maxChars = EXCERPT_CHARS): string {
  let text = sliceChars(head, maxChars);
  const lastBreak = text.lastIndexOf('\n');
  if (lastBreak >= text.length * 0.8) text = text.slice(0, lastBreak);
  const open = openFence(text);
  if (open === undefined) return text.trimEnd();
  const closer = `\n${open}`;
  const room = sliceChars(text, maxChars - closer.length).trimEnd();
  // Shortening can drop the opener itself (a fence started in the last few characters).
  return openFence(room) === undefined ? room : room + closer;
}

/** The fence (its marker run) still open at the end of `text`, if any. */
export function openFence(text: string): string | undefined {
  let open: string | undefined;
  for (const line of text.split('\n')) {
    const marker = FENCE.exec(line)?.[1];
    if (marker === undefined) continue;
    if (open === undefined) open = marker;
    else if (
      marker[0] === open[0] &&
      marker.length >= open.length &&
      !line.trim().slice(marker.length).trim()
    )
      open = undefined;
  }
  return open;
}

/** The first `n` code points of `text` (never half a surrogate pair). */
export function sliceChars(text: string, n: number): string {
  if (text.length <= n) return text;
  let units = 0;
  let chars = 0;
  while (units < text.length && chars < n) {
    const code = text.codePointAt(units)!;
    units += code > 0xffff ? 2 : 1;
    chars++;
  }
  return text.slice(0, units);
}

/** Whether `text` holds more than `n` code points. */
export function longerThan(text: string, n: number): boolean {
  if (text.length <= n) return false;
  return sliceChars(text, n).length < text.length;
}
