import { getMessageFormatter } from 'svelte-i18n';
import { describe, expect, it } from 'vitest';
import de from './de/index';
import en from './en/index';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') out.set(path, value);
    else for (const [leaf, text] of flatten(value, path)) out.set(leaf, text);
  }
  return out;
}

/** The placeholders a message uses (`{name}`, `{count, plural, …}`), sorted. */
function argumentsOf(message: string, locale: string): string[] {
  const names = new Set<string>();
  const visit = (nodes: unknown): void => {
    if (!Array.isArray(nodes)) return;
    for (const node of nodes as Record<string, unknown>[]) {
      if (typeof node.value === 'string' && node.type !== 0) names.add(node.value);
      if (node.options !== undefined) {
        for (const option of Object.values(node.options as Record<string, { value: unknown }>)) {
          visit(option.value);
        }
      }
      if (Array.isArray(node.children)) visit(node.children);
    }
  };
  visit(getMessageFormatter(message, locale).getAst());
  return [...names].sort();
}

const english = flatten(en);
const german = flatten(de);

describe('message catalogs', () => {
  it('finds the placeholders of a message, nested ones too', () => {
    expect(
      argumentsOf('{count, plural, one {# by {name}} other {# by {name} and {more}}}', 'en'),
    ).toEqual(['count', 'more', 'name']);
  });

  it('German has every English message and no others', () => {
    const missing = [...english.keys()].filter((key) => !german.has(key));
    const extra = [...german.keys()].filter((key) => !english.has(key));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('no message is empty', () => {
    const empty = [...english, ...german].filter(([, text]) => text.trim() === '');
    expect(empty).toEqual([]);
  });

  it('every message parses and both languages use the same placeholders', () => {
    const mismatched: string[] = [];
    for (const [key, text] of english) {
      const translated = german.get(key);
      if (translated === undefined) continue;
      const want = argumentsOf(text, 'en').join(',');
      const got = argumentsOf(translated, 'de').join(',');
      if (want !== got) mismatched.push(`${key}: en {${want}} / de {${got}}`);
    }
    expect(mismatched).toEqual([]);
  });
});
