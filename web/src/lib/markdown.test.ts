import { describe, expect, it } from 'vitest';
import { renderMarkdown, safeUrl } from './markdown';

describe('renderMarkdown', () => {
  it('renders emphasis, lists, code and tables', () => {
    expect(renderMarkdown('Two **see more** than _one_.')).toBe(
      '<p>Two <strong>see more</strong> than <em>one</em>.</p>',
    );
    expect(renderMarkdown('- a\n- b')).toContain('<li>a</li>');
    expect(renderMarkdown('`x < y`')).toBe('<p><code>x &lt; y</code></p>');
    expect(renderMarkdown('| a |\n|---|\n| b |')).toContain('<td>b</td>');
  });

  it('shows raw HTML blocks as text instead of markup', () => {
    const html = renderMarkdown('<script>alert(1)</script>');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;');
  });

  it('shows inline HTML with event handlers as text', () => {
    const html = renderMarkdown('Look <img src=x onerror="alert(1)"> here');
    expect(html).not.toMatch(/<img/);
    expect(html).toContain('&lt;img');
  });

  it('drops javascript: and data: links but keeps their text', () => {
    expect(renderMarkdown('[click](javascript:alert(1))')).toBe('<p>click</p>');
    expect(renderMarkdown('[click](JaVaScRiPt:alert(1))')).toBe('<p>click</p>');
    expect(renderMarkdown('[x](data:text/html;base64,PHNjcmlwdD4=)')).toBe('<p>x</p>');
    expect(renderMarkdown('<javascript:alert(1)>')).not.toContain('href');
  });

  it('keeps http(s) and mailto links, opened safely in a new tab', () => {
    expect(renderMarkdown('[docs](https://example.com/a?b=1&c=2)')).toBe(
      '<p><a href="https://example.com/a?b=1&amp;c=2" rel="nofollow noopener noreferrer" target="_blank">docs</a></p>',
    );
    expect(renderMarkdown('[me](mailto:a@example.com)')).toContain('href="mailto:a@example.com"');
  });

  it('keeps http(s) images only', () => {
    expect(renderMarkdown('![chart](https://example.com/c.png)')).toBe(
      '<p><img src="https://example.com/c.png" alt="chart"></p>',
    );
    expect(renderMarkdown('![pic](javascript:alert(1))')).toBe('<p>pic</p>');
    expect(renderMarkdown('![pic](mailto:a@example.com)')).toBe('<p>pic</p>');
  });

  it('escapes quotes in titles so attributes cannot be broken out of', () => {
    const html = renderMarkdown('[a](https://example.com "x\\" onmouseover=\\"alert(1)")');
    expect(html).toContain('title="x&quot; onmouseover=&quot;alert(1)"');
    expect(html).not.toContain('" onmouseover=');
  });

  it('renders task lists without form controls', () => {
    expect(renderMarkdown('- [x] done')).not.toContain('<input');
  });
});

describe('safeUrl', () => {
  it('accepts relative addresses and listed schemes only', () => {
    expect(safeUrl('/docs', ['https'])).toBe('/docs');
    expect(safeUrl('#part', ['https'])).toBe('#part');
    expect(safeUrl('https://x.test', ['https'])).toBe('https://x.test');
    expect(safeUrl('//evil.test', ['https'])).toBeNull();
    expect(safeUrl('vbscript:x', ['https'])).toBeNull();
    expect(safeUrl('java\tscript:x', ['https'])).toBeNull();
  });
});
