import type { Channel } from '@outloud/contracts';
import { translate } from '../i18n';

/** Channel limits, copied from the contract's `CreateChannelBody` (no TypeBox in the bundle). */
export const ChannelLimits = {
  slugPattern: '^[a-z0-9][a-z0-9-]{1,39}$',
  slugMax: 40,
  nameMax: 80,
  descriptionMax: 500,
} as const;

const slugPattern = new RegExp(ChannelLimits.slugPattern);

export function isValidSlug(slug: string): boolean {
  return slugPattern.test(slug);
}

/** A slug suggested from a channel name: "Data & SQL tips" → "data-sql-tips". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, ChannelLimits.slugMax)
    .replace(/-+$/, '');
}

/** Channels in the order the sidebar shows them: by name, then slug. */
export function sortChannels(items: readonly Channel[]): Channel[] {
  return [...items].sort(
    (a, b) =>
      a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) ||
      a.slug.localeCompare(b.slug),
  );
}

/** Adds a channel or replaces the listed one with the same id, keeping the order. */
export function upsertChannel(items: readonly Channel[], channel: Channel): Channel[] {
  return sortChannels([...items.filter((item) => item.id !== channel.id), channel]);
}

/** "1 member", "1,200 members", in the app language. */
export function memberCount(count: number): string {
  return translate('channels.memberCount', { count });
}

/** What the channel form edits. */
export interface ChannelValues {
  slug: string;
  name: string;
  description: string;
  visibility: Channel['visibility'];
}
