import { readdirSync, readFileSync } from 'node:fs';

type Tree = { [key: string]: string | Tree };

const catalogs = new URL('../../web/src/i18n/', import.meta.url);

/** One language's messages by their dotted key (`area.section.key`). */
function readCatalog(language: string): Map<string, string> {
  const messages = new Map<string, string>();
  const visit = (tree: Tree, prefix: string): void => {
    for (const [key, value] of Object.entries(tree)) {
      const path = `${prefix}.${key}`;
      if (typeof value === 'string') messages.set(path, value);
      else visit(value, path);
    }
  };
  const folder = new URL(`${language}/`, catalogs);
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
    const tree = JSON.parse(readFileSync(new URL(file, folder), 'utf8')) as Tree;
    visit(tree, file.replace(/\.json$/, ''));
  }
  return messages;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An English interface message that would give itself away if it were shown to a German reader. */
export interface EnglishMessage {
  key: string;
  text: string;
  pattern: RegExp;
}

/**
 * The English messages a German page must never show: those that differ from their German
 * translation, have no placeholders (so they appear verbatim) and have at least two words (single
 * words such as "Feed" or "Tags" are the same in both languages or too common to tell).
 */
export function englishOnlyMessages(): EnglishMessage[] {
  const english = readCatalog('en');
  const german = readCatalog('de');
  return [...english]
    .filter(
      ([key, text]) =>
        text !== german.get(key) && !text.includes('{') && text.trim().split(/\s+/).length >= 2,
    )
    .map(([key, text]) => ({
      key,
      text,
      // Whole words only: "Load more" must not match inside a longer word.
      pattern: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(text.trim())}(?![\\p{L}\\p{N}])`, 'u'),
    }));
}

/** Which of `messages` occur in `text`, as "key: message". */
export function englishFoundIn(text: string, messages: readonly EnglishMessage[]): string[] {
  return messages
    .filter((message) => message.pattern.test(text))
    .map((message) => `${message.key}: ${message.text}`);
}
