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
      '<p><a href="https://example.com/x" rel="nofollow noopener noreferrer ugc" target="_blank">docs</a></p>',
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

const upload = '/api/v1/uploads/0190b6a4-1c1e-7000-8000-000000000001';
const offSite = 'rel="nofollow noopener noreferrer ugc" target="_blank"';

// The web preview (web/src/lib/markdown.test.ts) checks the same Markdown images to the same HTML.
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

  it('keeps the whole alt text, quotes and markup included, as text', () => {
    expect(renderMarkdown('![a **b** "c" <i>](/api/v1/posts/1)')).toBe('<p>a b "c" &lt;i&gt;</p>');
  });

  it('treats raw <img> tags by the same rule', () => {
    expect(renderMarkdown('<img src="/api/v1/posts/1" alt="raw"> after')).toBe(
      '<p><a>raw</a> after</p>',
    );
    expect(renderMarkdown('a <img src="//evil.example/a.png"> b')).toBe('<p>a  b</p>');
    expect(renderMarkdown(`<img src="${upload}" srcset="/api/v1/posts/1 2x" alt="r">`)).toBe(
      `<img src="${upload}" alt="r" />`,
    );
    expect(renderMarkdown('<img src="https://evil.example/a.png" alt="r" onerror="x()">')).toBe(
      `<a href="https://evil.example/a.png" ${offSite}>r</a>`,
    );
  });

  it('leaves relative links as links: following one is a navigation, not a background request', () => {
    expect(renderMarkdown('[x](/api/v1/posts/1)')).toBe(
      `<p><a href="/api/v1/posts/1" ${offSite}>x</a></p>`,
    );
  });

  it.each([
    ['srcset', `<img src="${upload}" srcset="/api/v1/posts/1 2x">`, /srcset/],
    [
      'a background attribute',
      '<table background="/api/v1/posts/1"><tr><td background="/a">c</td></tr></table>',
      /background/,
    ],
    ['an inline style', '<p style="background:url(/api/v1/posts/1)">x</p>', /style|url\(/],
    ['a poster', '<video poster="/api/v1/posts/1"></video>', /poster|<video/],
    [
      'a picture source',
      '<picture><source srcset="/api/v1/posts/1"></picture>',
      /<picture|<source|srcset/,
    ],
    ['a video', '<video src="/api/v1/posts/1"></video>', /<video|src=/],
    ['an audio', '<audio src="/api/v1/posts/1"></audio>', /<audio|src=/],
    ['an iframe', '<iframe src="/api/v1/posts/1"></iframe>', /<iframe|src=/],
    ['an object', '<object data="/api/v1/posts/1"></object>', /<object|data=/],
    ['an embed', '<embed src="/api/v1/posts/1">', /<embed|src=/],
    ['a link tag', '<link rel="stylesheet" href="/api/v1/posts/1">', /<link|href=/],
    [
      'an svg image',
      '<svg><image href="/api/v1/posts/1"/><use xlink:href="/api/v1/posts/2"/></svg>',
      /<svg|<image|<use|href=/,
    ],
    ['a ping on a link', '<a href="/x" ping="/api/v1/posts/1">x</a>', /ping/],
    ['an input image', '<input type="image" src="/api/v1/posts/1">', /<input|src=/],
    ['a meta refresh', '<meta http-equiv="refresh" content="0;url=/api/v1/posts/1">', /<meta|url=/],
  ])('strips %s', (_, html, forbidden) => {
    expect(renderMarkdown(html)).not.toMatch(forbidden);
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
