import { describe, expect, it } from 'vitest';
import { renderMarkdown, UnrenderableMarkdown } from './render.js';

describe('renderMarkdown', () => {
  it('renders ordinary Markdown', () => {
    const html = renderMarkdown(
      '# Title\n\nSome **bold** and `code`.\n\n- one\n- two\n\n```ts\nconst a = 1;\n```',
    );
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<code class="language-ts">');
  });

  it('keeps http links and marks them external', () => {
    expect(renderMarkdown('[docs](https://example.com/x)')).toBe(
      '<p><a href="https://example.com/x" rel="nofollow noopener noreferrer" target="_blank">docs</a></p>',
    );
  });

  it.each([
    ['a script tag', '<script>alert(1)</script>hello'],
    ['an onerror handler', '<img src="https://x/y.png" onerror="alert(1)">'],
    ['a javascript: link', '[click](javascript:alert(1))'],
    ['an encoded javascript: link', '<a href="jav&#x61;script:alert(1)">x</a>'],
    ['a javascript: link with whitespace and case', '<a href=" JaVaScRiPt:alert(1)">x</a>'],
    [
      'a data: image',
      '![x](data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+)',
    ],
    ['a data: link', '<a href="data:text/html,<script>alert(1)</script>">x</a>'],
    ['an iframe', '<iframe src="https://evil.example"></iframe>'],
    ['a nested script', '<scr<script>ipt>alert(1)</scr</script>ipt>'],
    ['an svg with onload', '<svg onload="alert(1)"><circle/></svg>'],
    ['an inline style', '<p style="background:url(javascript:alert(1))">x</p>'],
    ['a form', '<form action="https://evil"><input name="a"></form>'],
  ])('removes %s', (_, markdown) => {
    const html = renderMarkdown(markdown);
    expect(html).not.toMatch(
      /<script|onerror|onload|javascript:|data:|<iframe|<svg|style=|<form|<input/i,
    );
  });

  it('leaves plain text in script-like markup escaped', () => {
    expect(renderMarkdown('1 < 2 & 3 > 2')).toBe('<p>1 &lt; 2 &amp; 3 &gt; 2</p>');
  });
});

describe('renderMarkdown limits', () => {
  it('refuses Markdown nested too deeply to render', () => {
    expect(() => renderMarkdown(`${'>'.repeat(5000)} x`)).toThrow(UnrenderableMarkdown);
  });

  it('refuses a body whose HTML would be far larger than its text', () => {
    expect(() => renderMarkdown('www.a '.repeat(6000))).toThrow(UnrenderableMarkdown);
  });
});
