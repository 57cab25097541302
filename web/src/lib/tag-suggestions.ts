/** Tag → how many posts use it, from the posts this tab has seen. */
export type TagCounts = ReadonlyMap<string, number>;

export function countTags(posts: readonly { tags: readonly string[] }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const post of posts) {
    for (const tag of post.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  return counts;
}

/** The fragment being typed at the end of a tags field ("sql, onb" → "onb"). */
export function lastFragment(input: string): string {
  const parts = input.split(/[\s,]+/);
  return (parts[parts.length - 1] ?? '').replace(/^#/, '').toLowerCase();
}

/**
 * Existing tags worth suggesting for what is typed: those starting with the last fragment (all,
 * when nothing is being typed), most used first, without the ones already entered.
 */
export function suggestTags(known: TagCounts, input: string, max = 6): string[] {
  const fragment = lastFragment(input);
  const entered = new Set(
    input
      .split(/[\s,]+/)
      .slice(0, -1)
      .map((part) => part.replace(/^#/, '').toLowerCase()),
  );
  return [...known.entries()]
    .filter(([tag]) => tag.startsWith(fragment) && tag !== fragment && !entered.has(tag))
    .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
    .slice(0, max)
    .map(([tag]) => tag);
}

/** The tags field with the fragment being typed replaced by `tag`, ready for the next one. */
export function acceptTag(input: string, tag: string): string {
  const fragment = /[^\s,]*$/.exec(input)?.[0] ?? '';
  const head = input.slice(0, input.length - fragment.length);
  return `${head}${tag}, `;
}
