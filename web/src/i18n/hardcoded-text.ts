import { parse } from 'svelte/compiler';

/**
 * Finds interface text written straight into a component instead of going through the
 * message catalogs: text between tags, the attributes people read (`placeholder`, `title`,
 * `aria-label`, `alt`, a component's `label`…), string literals shown as text, and
 * sentence-like strings in the component's script (error messages, labels built in code).
 */
export interface HardcodedText {
  line: number;
  text: string;
}

/** Attributes of HTML elements that people read or hear. */
const readAttributes = new Set([
  'placeholder',
  'title',
  'alt',
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'label',
  'value',
]);

/** Props of components that never carry interface text. */
const technicalProps = new Set([
  'id',
  'name',
  'type',
  'class',
  'href',
  'for',
  'autocomplete',
  'inputmode',
  'tone',
  'variant',
  'size',
  'role',
  'kind',
  'mode',
  'accept',
  'pattern',
  'slug',
  'key',
]);

/** Words that are the same in every language. */
const universal = new Set(['Outloud', 'Markdown', 'OK', 'CSV', 'SSO', 'API', 'URL']);

const hasLetters = (text: string): boolean => /\p{L}/u.test(text);
const isUniversal = (text: string): boolean =>
  text
    .split(/[\s/·,:()]+/)
    .filter(hasLetters)
    .every((word) => universal.has(word));
/** `'home.title'`: a catalog key (or another dotted identifier), not words. */
const isKey = (text: string): boolean => /^[a-z][\w-]*(\.[\w-]+)+$/.test(text.trim());
const isText = (text: string): boolean =>
  hasLetters(text) && !isUniversal(text.trim()) && !isKey(text);
/** "Could not save." — a capital, then more words: text for people, not an identifier. */
const isSentence = (text: string): boolean => /^\p{Lu}\p{Ll}*[\s,]+\S/u.test(text) && isText(text);
/** A component prop value that reads as words ("Save", "Your name"), not a token ("danger"). */
const isProse = (text: string): boolean => /^\p{Lu}/u.test(text.trim()) && isText(text);

type Node = Record<string, unknown> & { type?: string; start?: number };

export function findHardcodedText(source: string): HardcodedText[] {
  const ast = parse(source, { modern: true }) as unknown as {
    fragment: Node;
    instance?: Node | null;
    module?: Node | null;
  };
  const found: HardcodedText[] = [];
  const lineOf = (offset: number | undefined): number =>
    source.slice(0, offset ?? 0).split('\n').length;
  const report = (node: Node, text: string): void => {
    found.push({ line: lineOf(node.start), text: text.trim().slice(0, 80) });
  };

  /** String literals in an expression that would show as text. */
  const literals = (expression: unknown, test: (text: string) => boolean): void => {
    walkJs(expression, (node) => {
      if (node.type === 'Literal' && typeof node.value === 'string' && test(node.value)) {
        report(node, node.value);
      }
      if (node.type === 'TemplateLiteral') {
        for (const quasi of node.quasis as Node[]) {
          const cooked = (quasi.value as { cooked?: string }).cooked ?? '';
          if (test(cooked)) report(quasi, cooked);
        }
      }
    });
  };

  const attributeValue = (attribute: Node, test: (text: string) => boolean): void => {
    const value = attribute.value;
    const parts = (Array.isArray(value) ? value : value === true ? [] : [value]) as Node[];
    for (const part of parts) {
      if (part.type === 'Text' && test(String(part.data))) report(part, String(part.data));
      if (part.type === 'ExpressionTag') literals(part.expression, test);
    }
  };

  const visit = (node: unknown, inComponent: boolean): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child, inComponent);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const current = node as Node;
    if (current.type === 'Text') {
      if (isText(String(current.data))) report(current, String(current.data));
      return;
    }
    if (current.type === 'ExpressionTag') {
      literals(current.expression, isText);
      return;
    }
    if (current.type === 'Attribute') {
      const name = String(current.name);
      if (inComponent && !technicalProps.has(name) && !name.startsWith('on')) {
        attributeValue(current, isProse);
      } else if (!inComponent && readAttributes.has(name)) {
        attributeValue(current, isText);
      }
      return;
    }
    if (current.type === 'StyleSheet' || current.type === 'Script') return;
    const component = current.type === 'Component' || current.type === 'SvelteComponent';
    for (const [key, child] of Object.entries(current)) {
      if (key === 'metadata' || key === 'expression' || key === 'parent') continue;
      visit(child, key === 'attributes' ? component : false);
    }
  };
  visit(ast.fragment, false);

  for (const script of [ast.instance, ast.module]) {
    if (!script) continue;
    literals(script.content, isSentence);
  }
  return found;
}

/** Visits every node of an ESTree expression or program. */
function walkJs(node: unknown, visitor: (node: Node) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walkJs(child, visitor);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const current = node as Node;
  if (typeof current.type === 'string') visitor(current);
  for (const [key, child] of Object.entries(current)) {
    if (key === 'loc' || key === 'range' || key === 'metadata' || key === 'leadingComments')
      continue;
    // `import … from './x'` and `t('area.key')` are not text people read.
    if (current.type === 'ImportDeclaration' || current.type === 'ExportNamedDeclaration') {
      if (key === 'source') continue;
    }
    walkJs(child, visitor);
  }
}
