import { canModerate, type Actor, type SearchQuery } from '@outloud/contracts';

/** A Meilisearch filter: every entry must hold; an inner array holds when one of its entries does. */
export type Filter = (string | string[])[];

/** Quotes a value for a Meilisearch filter expression, so it can never change the expression. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The one answer to "may this person get hidden content": moderators and admins may get all of
 * it; anyone else only what they wrote themselves.
 */
export function seesAllHidden(actor: Actor): boolean {
  return canModerate(actor);
}

/**
 * The hidden content a reader may get: all of it for moderators, their own for anyone else, none
 * where no reader is named (expertise, similar questions). `!= true` also matches documents
 * written before moderation existed, which have no `hidden` field.
 */
function hiddenClause(reader: Actor | undefined): string | string[] | undefined {
  if (reader && seesAllHidden(reader)) return undefined;
  if (!reader) return 'hidden != true';
  return ['hidden != true', `hiddenViewerId = ${quote(reader.id)}`];
}

/**
 * The filter for one search, built on the server from the actor's visible channels: the query's
 * own filters can only narrow it. `hiddenShownTo` names the reader whose hidden content may be
 * found; without it, hidden content never is. Returns undefined when nothing can match (no
 * visible channel, or a channel filter the actor may not see).
 */
export function buildFilter(
  visibleChannelIds: readonly string[],
  query: SearchQuery,
  options: { hiddenShownTo?: Actor } = {},
): Filter | undefined {
  const channels =
    query.channelId === undefined
      ? visibleChannelIds
      : visibleChannelIds.filter((id) => id === query.channelId);
  if (!channels.length) return undefined;
  const filter: Filter = [`channelId IN [${channels.map(quote).join(', ')}]`];
  const hidden = hiddenClause(options.hiddenShownTo);
  if (hidden !== undefined) filter.push(hidden);
  if (query.kind !== undefined) filter.push(`kind = ${quote(query.kind)}`);
  if (query.tag !== undefined) filter.push(`tags = ${quote(query.tag)}`);
  return filter;
}
