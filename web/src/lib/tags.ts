import { translate } from '../i18n';
import { Limits } from './limits';

const tagPattern = new RegExp(Limits.tagPattern);

export interface ParsedTags {
  /** Distinct, lowercased tags in the order they were typed. */
  tags: string[];
  /** A sentence to show next to the field, or null when the tags are valid. */
  error: string | null;
}

/**
 * Parses the composer's tags field: tags separated by commas and/or whitespace, an optional
 * leading `#`, any case. Duplicates are dropped; invalid tags and more than `max` are reported.
 */
export function parseTags(input: string, max: number = Limits.tagsMax): ParsedTags {
  const tags: string[] = [];
  for (const part of input.split(/[\s,]+/)) {
    const tag = part.replace(/^#/, '').toLowerCase();
    if (tag !== '' && !tags.includes(tag)) tags.push(tag);
  }

  const invalid = tags.filter((tag) => !tagPattern.test(tag));
  if (invalid.length > 0) {
    const list = invalid.map((tag) => `"${tag}"`).join(', ');
    return { tags, error: translate('composer.tagErrors.invalid', { list }) };
  }
  if (tags.length > max) {
    return { tags, error: translate('composer.tagErrors.tooMany', { max, count: tags.length }) };
  }
  return { tags, error: null };
}
