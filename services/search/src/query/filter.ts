import type { SearchQuery } from '@outloud/contracts';

/** Quotes a value for a Meilisearch filter expression, so it can never change the expression. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The filter for one search, built on the server from the actor's visible channels: the query's
 * own filters can only narrow it. Returns undefined when nothing can match (no visible channel,
 * or a channel filter the actor may not see).
 */
export function buildFilter(
  visibleChannelIds: readonly string[],
  query: SearchQuery,
): string[] | undefined {
  const channels =
    query.channelId === undefined
      ? visibleChannelIds
      : visibleChannelIds.filter((id) => id === query.channelId);
  if (!channels.length) return undefined;
  const filter = [`channelId IN [${channels.map(quote).join(', ')}]`];
  if (query.kind !== undefined) filter.push(`kind = ${quote(query.kind)}`);
  if (query.tag !== undefined) filter.push(`tags = ${quote(query.tag)}`);
  return filter;
}
