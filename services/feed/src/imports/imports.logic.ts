import type { ImportedItem } from '@outloud/contracts';
import { renderMarkdown, sanitizeRendered, UnrenderableMarkdown } from '../markdown/render.js';

/** An item ready to store: its body as kept (Markdown, or HTML held to the allow-list) and rendered. */
export type PreparedItem = ImportedItem & { bodyHtml: string };

/**
 * Prepares an imported body. HTML (Stack Exchange) is held to the same allow-list as rendered
 * Markdown and kept as the body: Markdown allows HTML, so edits later keep working and the
 * rendering is the same sanitised HTML. Returns an error message for a body we refuse.
 */
export function prepareItem(item: ImportedItem): PreparedItem | { error: string } {
  const body = item.format === 'html' ? sanitizeRendered(item.body) : item.body;
  if (!body.trim()) return { error: 'the body is empty once unsafe HTML is removed' };
  try {
    return { ...item, body, bodyHtml: renderMarkdown(body) };
  } catch (error) {
    if (error instanceof UnrenderableMarkdown) return { error: `the body ${error.message}` };
    throw error;
  }
}
