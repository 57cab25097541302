import { MARK_END, MARK_START } from '../indexing/post-document.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * Turns Meilisearch's highlighted text (matches wrapped in private-use marker characters) into
 * HTML: everything is escaped, then only the markers become `<mark>` tags.
 */
export function toSnippetHtml(highlighted: string): string {
  return escapeHtml(highlighted).split(MARK_START).join('<mark>').split(MARK_END).join('</mark>');
}
