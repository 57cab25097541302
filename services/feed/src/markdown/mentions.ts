const FENCED = /```[\s\S]*?```|~~~[\s\S]*?~~~/g;
const INLINE_CODE = /`[^`\n]*`/g;
const MENTION = /(?:^|[^\w@/.-])@([a-z0-9_]{3,30})(?![\w-])/gi;
const MAX_MENTIONS = 20;

/**
 * The handles mentioned with `@handle` in Markdown, lowercased, first occurrence first, ignoring
 * code and e-mail addresses. Capped, so one post cannot notify a whole company by listing it.
 */
export function extractMentions(markdown: string): string[] {
  const text = markdown.replace(FENCED, ' ').replace(INLINE_CODE, ' ');
  const found = new Set<string>();
  for (const match of text.matchAll(MENTION)) {
    found.add(match[1]!.toLowerCase());
    if (found.size >= MAX_MENTIONS) break;
  }
  return [...found];
}
