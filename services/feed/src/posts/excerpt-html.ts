import { renderMarkdown, UnrenderableMarkdown } from '../markdown/render.js';
import { excerptMarkdown } from './excerpt.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * The excerpt of a long body for a list: its Markdown (cut on a safe boundary) and that Markdown
 * rendered, once per item. Markdown the renderer refuses (absurd nesting) shows as plain text.
 */
export function renderExcerpt(head: string): { body: string; bodyHtml: string } {
  const body = excerptMarkdown(head);
  try {
    return { body, bodyHtml: renderMarkdown(body) };
  } catch (error) {
    if (!(error instanceof UnrenderableMarkdown)) throw error;
    return { body, bodyHtml: `<p>${body.replace(/[&<>"']/g, (c) => ESCAPES[c]!)}</p>` };
  }
}
