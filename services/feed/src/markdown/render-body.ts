import { RpcError } from '@outloud/bus';
import { renderMarkdown, UnrenderableMarkdown } from './render.js';

/** Renders a post or answer body, turning Markdown we refuse to render into a 400 on `body`. */
export function renderBody(markdown: string): string {
  try {
    return renderMarkdown(markdown);
  } catch (error) {
    if (!(error instanceof UnrenderableMarkdown)) throw error;
    throw new RpcError('validation_failed', `The body ${error.message}; simplify it.`, [
      { field: 'body', message: error.message },
    ]);
  }
}
