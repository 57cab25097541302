import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const marked = new Marked({ gfm: true, breaks: false, async: false });

/**
 * The allow-list for rendered Markdown. Anything not listed (scripts, styles, iframes, event
 * handlers, inline styles) is removed; links and images may only use http(s) (and mailto for
 * links), so `javascript:` and `data:` URLs never survive, however they are encoded.
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
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer', target: '_blank' }),
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
  const safe = sanitizeHtml(html, policy).trim();
  if (safe.length > MAX_RENDERED_LENGTH) throw new UnrenderableMarkdown('renders too large');
  return safe;
}
