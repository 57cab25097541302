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
      '<p><a href="https://example.com/a?b=1&amp;c=2" rel="nofollow noopener noreferrer ugc" target="_blank">docs</a></p>',
    );
    expect(renderMarkdown('[me](mailto:a@example.com)')).toContain('href="mailto:a@example.com"');
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

const upload = '/api/v1/uploads/0190b6a4-1c1e-7000-8000-000000000001';
const offSite = 'rel="nofollow noopener noreferrer ugc" target="_blank"';

// The server (services/feed/src/markdown/render.test.ts) renders these images to the same HTML.
describe('renderMarkdown images', () => {
  it("loads Outloud's own uploads", () => {
    expect(renderMarkdown(`![chart](${upload} "Q3")`)).toBe(
      `<p><img src="${upload}" alt="chart" title="Q3" /></p>`,
    );
  });

  it.each([
    ['an API address', '![x](/api/v1/posts/0190b6a4-1c1e-7000-8000-000000000001)'],
    ['a relative address', '![x](pics/a.png)'],
    ['an upload path with more after it', `![x](${upload}/../../posts/1)`],
    ['an upload path with a query', `![x](${upload}?a=1)`],
    ['a protocol-relative address', '![x](//evil.example/a.png)'],
    ['a data: image', '![x](data:image/png;base64,AAAA)'],
    ['a javascript: image', '![x](javascript:alert(1))'],
    ['a mailto: image', '![x](mailto:a@example.com)'],
    ['a backslashed host', '![x](https:\\\\evil.example/a.png)'],
  ])('shows %s as its alt text only', (_, markdown) => {
    expect(renderMarkdown(markdown)).toBe('<p>x</p>');
  });

  it('links an off-site image instead of loading it', () => {
    expect(renderMarkdown('![chart](https://evil.example/c.png "t")')).toBe(
      `<p><a href="https://evil.example/c.png" title="t" ${offSite}>chart</a></p>`,
    );
    expect(renderMarkdown('![](http://evil.example/c.png)')).toBe(
      `<p><a href="http://evil.example/c.png" ${offSite}>http://evil.example/c.png</a></p>`,
    );
  });

  it('keeps the whole alt text as text', () => {
    expect(renderMarkdown('![a **b** <i>](/api/v1/posts/1)')).toBe('<p>a b &lt;i&gt;</p>');
  });

  it('leaves relative links as links: following one is a navigation, not a background request', () => {
    expect(renderMarkdown('[x](/api/v1/posts/1)')).toBe(
      `<p><a href="/api/v1/posts/1" ${offSite}>x</a></p>`,
    );
  });

  it.each([
    ['an img', '<img src="/api/v1/posts/1" alt="raw">'],
    ['srcset', `<img src="${upload}" srcset="/api/v1/posts/1 2x">`],
    ['a background attribute', '<table background="/api/v1/posts/1"><tr><td>c</td></tr></table>'],
    ['an inline style', '<p style="background:url(/api/v1/posts/1)">x</p>'],
    ['a video with a poster', '<video poster="/api/v1/posts/1" src="/a"></video>'],
    ['a picture source', '<picture><source srcset="/api/v1/posts/1"></picture>'],
    ['an audio', '<audio src="/api/v1/posts/1"></audio>'],
    ['an iframe', '<iframe src="/api/v1/posts/1"></iframe>'],
    ['an object', '<object data="/api/v1/posts/1"></object>'],
    ['an embed', '<embed src="/api/v1/posts/1">'],
    ['a link tag', '<link rel="stylesheet" href="/api/v1/posts/1">'],
    ['an svg image', '<svg><image href="/api/v1/posts/1"/></svg>'],
    ['a ping on a link', 'see <a href="/x" ping="/api/v1/posts/1">x</a>'],
  ])('shows raw HTML with %s as text', (_, html) => {
    expect(renderMarkdown(html)).not.toMatch(
      /<(img|table|p style|video|picture|source|audio|iframe|object|embed|link|svg|image|a)\b/,
    );
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
