import { describe, expect, it } from 'vitest';
import { loadMarkdownRenderer } from './markdown-loader';

describe('loadMarkdownRenderer', () => {
  it('loads the preview renderer once and renders Markdown with it', async () => {
    const first = loadMarkdownRenderer();
    expect(loadMarkdownRenderer()).toBe(first);
    const render = await first;
    expect(render('**bold** <b>raw</b>')).toBe(
      '<p><strong>bold</strong> &lt;b&gt;raw&lt;/b&gt;</p>',
    );
  });
});
