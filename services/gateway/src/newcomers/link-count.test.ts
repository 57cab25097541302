import { describe, expect, it } from 'vitest';
import { countLinks } from './link-count.js';

describe('countLinks', () => {
  it.each([
    ['plain text', 'No links here, just words.', 0],
    ['an inline link', 'See [the docs](https://example.com/docs).', 1],
    ['an inline link with a title', '[docs](https://example.com "The docs") and more', 1],
    ['an angle-bracket target', '[docs](<https://example.com/a b>)', 1],
    ['a target with balanced parentheses', '[wiki](https://en.wikipedia.org/wiki/A_(b))', 1],
    ['an autolink', 'Mail <https://example.com> now', 1],
    ['an email autolink', 'Write to <team@example.com>.', 1],
    ['a mailto autolink', '<mailto:team@example.com>', 1],
    ['a bare https URL', 'Go to https://example.com/x today', 1],
    ['a bare www address', 'Go to www.example.com today', 1],
    ['a bare email address', 'Write to team@example.com today', 1],
    ['three bare URLs on lines', 'http://a.example\nhttp://b.example\nhttps://c.example', 3],
    ['a full reference link', '[docs][d]\n\n[d]: https://example.com', 1],
    ['a collapsed reference link', '[Docs][]\n\n[docs]: https://example.com', 1],
    ['a shortcut reference link', 'See [docs].\n\n[docs]: https://example.com', 1],
    ['one definition used twice', '[a][d] and [b][d]\n\n[d]: https://example.com', 2],
    ['an unused definition', 'Text.\n\n[d]: https://example.com', 0],
    ['brackets without a definition', 'Press [Enter] to go on.', 0],
    ['a reference to an undefined label', '[d][nope]\n\n[d]: https://example.com', 0],
    [
      'targets the sanitizer drops',
      '[a](javascript:alert(1)) [b](//example.com) <ftp://x.example>',
      0,
    ],
    ['a raw anchor tag', 'A <a href="https://example.com">link</a>.', 1],
    ['an image from elsewhere (shown as a link)', '![chart](https://example.com/c.png)', 1],
    [
      'an uploaded image',
      `![chart](/api/v1/uploads/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)})`,
      0,
    ],
    ['a link to a page of Outloud', 'See [this post](/posts/123) and [top](#top).', 0],
    ['a URL right after a word (the renderer links it)', 'foohttp://x.example', 1],
    ['a target hidden in entities', '[x](&#104;ttps&#58;//example.com)', 1],
    ['a link whose text is a URL', '[https://example.com](https://example.com)', 1],
  ])('counts %s', (_name, markdown, expected) => {
    expect(countLinks(markdown)).toBe(expected);
  });

  it.each([
    ['a code span', 'Use `[x](https://example.com)` or `https://example.com`.', 0],
    ['a double-backtick code span', '``a ` [x](https://example.com) ``', 0],
    ['a fenced code block', '```\n[x](https://example.com)\nhttps://example.com\n```', 0],
    ['a tilde fence', '~~~md\nhttps://example.com\n~~~', 0],
    ['an unclosed fence (code to the end)', '```\nhttps://example.com', 0],
    ['an indented code block', 'Text:\n\n    https://example.com\n    [x](https://a.example)', 0],
    ['escaped brackets', '\\[x](https://example.com) is shown as text', 1],
    ['an escaped autolink', '\\<https://example.com>', 1],
  ])('counts no link in %s (or only what is left outside it)', (_name, markdown, expected) => {
    expect(countLinks(markdown)).toBe(expected);
  });

  it('counts the links inside a would-be link: links cannot hold links', () => {
    // The outer brackets are plain text, the inner links are three links a reader sees.
    const nested =
      '[[a](https://1.example) [b](https://2.example) [c](https://3.example)](https://4.example)';
    // …and the outer target is then a bare URL in parentheses, which GFM links too.
    expect(countLinks(nested)).toBe(4);
  });

  it('still counts links after an unmatched backtick', () => {
    expect(countLinks('A lone ` backtick, then [x](https://example.com).')).toBe(1);
  });

  it('does not let a code span swallow an autolink that starts first', () => {
    expect(countLinks('<https://example.com/a`b>`')).toBe(1);
  });

  it('ends a code span at a blank line', () => {
    expect(countLinks('`open\n\n[x](https://example.com) `')).toBe(1);
  });

  it('reads a definition line that interrupts a paragraph as text (its URL a bare link)', () => {
    expect(countLinks('Some text\n[d]: https://example.com')).toBe(1);
  });

  it('counts an indented link inside a list item (a paragraph there, not code)', () => {
    expect(countLinks('- item\n\n    [x](https://example.com)')).toBe(1);
  });

  it('does not count a fence that is itself indented code', () => {
    expect(countLinks('Text\n\n    ```\n\n[x](https://example.com)\n\n    ```')).toBe(1);
  });

  it('finds the one link at the end of a body made to make a counter scan ahead (about linear)', () => {
    const hostile = '[](a'.repeat(8_000) + '`'.repeat(3) + '[['.repeat(2_000) + '<a '.repeat(1_000);
    expect(countLinks(`${hostile} [x](https://example.com)`)).toBe(1);
  });
});
