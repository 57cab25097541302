import { imageHtml, UserLinkRel } from '@outloud/contracts';
import { Marked, type Tokens } from 'marked';

/**
 * Markdown for the composer's preview, rendered like the server does (marked, GitHub-flavoured)
 * and held to the same allow-list. Strictness comes from the renderer rather than a cleaning pass
 * afterwards: raw HTML in the source is shown as text, never parsed, and links keep only http(s),
 * mailto or relative addresses, so the output holds no markup the author wrote, only the tags
 * marked itself produces. Images are rendered as the server renders them (`imageHtml`): only
 * Outloud's uploads load; any other image is its alt text, linked if the address is absolute
 * http(s).
 */
const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char] ?? char);
}

/** The address if it may be linked to, else null. */
export function safeUrl(href: string, schemes: readonly string[]): string | null {
  const url = href.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  if (scheme !== null) return schemes.includes(scheme[1]!.toLowerCase()) ? url : null;
  // No scheme: a relative address, unless it has a colon somewhere (obfuscated schemes) or is
  // protocol-relative (another host).
  if (url.includes(':') || url.startsWith('//') || url.startsWith('\\')) return null;
  return url;
}

const linkSchemes = ['http', 'https', 'mailto'] as const;

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(text);
    },
    checkbox(): string {
      // The server drops form controls; a task list shows as a plain list.
      return '';
    },
    link({ href, title, tokens }: Tokens.Link): string {
      const text = this.parser.parseInline(tokens);
      const url = safeUrl(href, linkSchemes);
      if (url === null) return text;
      const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
      return `<a href="${escapeHtml(url)}"${titleAttr} rel="${UserLinkRel}" target="_blank">${text}</a>`;
    },
    image({ href, title, text, tokens }: Tokens.Image): string {
      const alt = tokens ? this.parser.parseInline(tokens, this.parser.textRenderer) : text;
      return imageHtml({ src: href, alt, title });
    },
  },
});

/** Renders Markdown to HTML that is safe to insert into the page. */
export function renderMarkdown(markdown: string): string {
  try {
    return (marked.parse(markdown) as string).trim();
  } catch {
    // Absurd nesting overflows marked's recursion: preview the source as text instead.
    return `<p>${escapeHtml(markdown)}</p>`;
  }
}
