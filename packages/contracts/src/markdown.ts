/**
 * Rules for rendered Markdown that the feed (which stores the HTML) and the web app (which
 * previews it) must apply alike.
 */

/**
 * Outloud's own upload addresses (`/api/v1/uploads/<uuid>`): the only image sources rendered
 * Markdown may load. Any other `src` would make every reader's browser fetch it with their
 * cookie (a relative `/api/v1/...` address) or tell another site who reads the post.
 */
export const UploadPathPattern =
  /^\/api\/v1\/uploads\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `rel` of every link a member wrote: no ranking credit, no opener, no referrer. */
export const UserLinkRel = 'nofollow noopener noreferrer ugc';

/** An absolute http(s) address with a host. */
const AbsoluteHttpUrl = /^https?:\/\/[^/\\\s?#]/i;

/** How an image a member wrote is shown. */
export type ImageRendering =
  /** Loaded as an image: one of Outloud's uploads. */
  | { as: 'image'; src: string }
  /** Not loaded; its alt text links to the address (an absolute http(s) URL). */
  | { as: 'link'; href: string }
  /** Not loaded and not linked (relative, protocol-relative, `data:`, `javascript:`, …): alt text only. */
  | { as: 'text' };

/** Decides how an image with this `src` is rendered. */
export function imageRendering(src: string): ImageRendering {
  const url = src.trim();
  if (UploadPathPattern.test(url)) return { as: 'image', src: url };
  if (AbsoluteHttpUrl.test(url)) return { as: 'link', href: url };
  return { as: 'text' };
}

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and quoted attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => htmlEscapes[char] ?? char);
}

/**
 * The HTML of a Markdown image `![alt](src "title")` (`alt` as plain text), by `imageRendering`:
 * the server and the web preview both render images with it, so they agree.
 */
export function imageHtml(image: { src: string; alt: string; title?: string | null }): string {
  const alt = escapeHtml(image.alt);
  const title = image.title ? ` title="${escapeHtml(image.title)}"` : '';
  const rendering = imageRendering(image.src);
  switch (rendering.as) {
    case 'image':
      return `<img src="${escapeHtml(rendering.src)}" alt="${alt}"${title} />`;
    case 'link':
      return `<a href="${escapeHtml(rendering.href)}"${title} rel="${UserLinkRel}" target="_blank">${alt || escapeHtml(rendering.href)}</a>`;
    case 'text':
      return alt;
    default: {
      const never: never = rendering;
      return never;
    }
  }
}
