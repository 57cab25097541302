import type { Upload } from '@outloud/contracts';

/** Brackets would end a Markdown link's text early; a new line would end the paragraph. */
function linkText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/([[\]\\])/g, '\\$1')
    .trim();
}

/** A file's name without its extension, as an image's alt text. */
function baseName(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Where an unfinished upload's placeholder points (an inert fragment, never a real address; `hasUploadPlaceholder` looks for it). */
const placeholderTarget = '#uploading-';

/**
 * The text that marks an upload's spot until it is done: an image without a source, shown as
 * `label` ("Uploading chart.png…"). `key` tells apart uploads running at the same time.
 */
export function uploadPlaceholder(label: string, key: number): string {
  return `![${label.replace(/[[\]\\\r\n]/g, '')}](${placeholderTarget}${key})`;
}

/** Whether the text still holds an upload's placeholder (unfinished, or left by a closed form). */
export function hasUploadPlaceholder(text: string): boolean {
  return /\]\(#uploading-\d+\)/.test(text);
}

/** The Markdown for an upload: an inline image, or a link that downloads the file. */
export function uploadMarkdown(
  upload: Pick<Upload, 'url' | 'contentType'>,
  name: string,
  fallbackAlt: string,
): string {
  if (upload.contentType.startsWith('image/')) {
    return `![${linkText(baseName(name)) || linkText(fallbackAlt)}](${upload.url})`;
  }
  return `[${linkText(name) || upload.url}](${upload.url})`;
}

/** The text with `insert` put in place of the selection, and where the caret goes after it. */
export function insertAt(
  text: string,
  selection: { start: number; end: number },
  insert: string,
): { text: string; caret: number } {
  const start = Math.max(0, Math.min(selection.start, text.length));
  const end = Math.max(start, Math.min(selection.end, text.length));
  return { text: text.slice(0, start) + insert + text.slice(end), caret: start + insert.length };
}

/**
 * Swaps an upload's placeholder for its Markdown (or removes it with `''`). When the writer
 * deleted or changed the placeholder meanwhile, a finished upload goes at the end instead.
 */
export function replacePlaceholder(text: string, placeholder: string, replacement: string): string {
  const at = text.indexOf(placeholder);
  if (at >= 0) return text.slice(0, at) + replacement + text.slice(at + placeholder.length);
  if (replacement === '') return text;
  return text === '' || text.endsWith('\n') ? text + replacement : `${text}\n${replacement}`;
}
