import { imageHtml, imageRendering, UserLinkRel } from '@outloud/contracts';
import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    // As the web preview does, so both agree; the sanitizer then only meets images that load
    // an upload, or raw <img> tags (see transformImage).
    image({ href, title, text, tokens }: Tokens.Image): string {
      const alt = tokens ? this.parser.parseInline(tokens, this.parser.textRenderer) : text;
      return imageHtml({ src: href, alt, title });
    },
  },
});

/**
 * Raw `<img>` tags follow the rule of Markdown images (`imageRendering`): an image survives only
 * when it is one of Outloud's uploads; any other becomes its alt text, linked when its address is
 * an absolute http(s) URL. So no reader's browser fetches an address a member chose, e.g.
 * `/api/v1/posts/<id>` with the reader's cookie.
 */
function transformImage(_tag: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const alt = attribs.alt ?? '';
  const title: sanitizeHtml.Attributes = attribs.title ? { title: attribs.title } : {};
  const rendering = imageRendering(attribs.src ?? '');
  switch (rendering.as) {
    case 'image':
      return { tagName: 'img', attribs: { src: rendering.src, alt, ...title } };
    case 'link':
      return {
        tagName: 'a',
        attribs: { href: rendering.href, ...title, rel: UserLinkRel, target: '_blank' },
        text: alt || rendering.href,
      };
    case 'text':
      // An anchor without href is inert text. (A tag outside the allow-list given a text would
      // do, but sanitize-html then drops the text that follows it up to the next closing tag.)
      return alt
        ? { tagName: 'a', attribs: {}, text: alt }
        : { tagName: 'outloud-dropped-image', attribs: {} };
    default: {
      const never: never = rendering;
      return never;
    }
  }
}

/**
 * The allow-list for rendered Markdown. Anything not listed (scripts, styles, iframes, media,
 * objects, SVG, event handlers, inline styles, `srcset`, `ping`, `background`, `poster`) is
 * removed; links may only use http(s), mailto or a relative address, so `javascript:` and
 * `data:` URLs never survive, however they are encoded. Images follow `transformImage`.
 */
const policy: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'pre',
    'code',
    'em',
    'strong',
    'del',
    's',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title'],
    ol: ['start'],
    th: ['align'],
    td: ['align'],
  },
  allowedClasses: { code: ['language-*'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: UserLinkRel, target: '_blank' }),
    img: transformImage,
  },
};

/**
 * Rendered bodies travel in replies and events (NATS carries at most 1 MB per message), so a
 * body whose HTML grows far beyond its text, e.g. thousands of bare autolinks, is refused.
 */
export const MAX_RENDERED_LENGTH = 120_000;

export class UnrenderableMarkdown extends Error {}

/** Renders user Markdown to HTML that is safe to insert into a page. */
export function renderMarkdown(markdown: string): string {
  let html: string;
  try {
    html = marked.parse(markdown) as string;
  } catch (error) {
    // marked recurses per nesting level; absurd nesting overflows the stack.
    throw new UnrenderableMarkdown('nested too deeply', { cause: error });
  }
  const safe = sanitizeRendered(html);
  if (safe.length > MAX_RENDERED_LENGTH) throw new UnrenderableMarkdown('renders too large');
  return safe;
}

/** Holds HTML to the allow-list (also used to bring HTML stored under older rules up to date). */
export function sanitizeRendered(html: string): string {
  return sanitizeHtml(html, policy).trim();
}
