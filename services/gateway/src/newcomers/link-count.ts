import { imageRendering } from '@outloud/contracts';

/**
 * How many links a reader sees in a Markdown body, for the newcomer link cap: `[text](url)`,
 * reference links (`[text][ref]`, `[ref][]`, `[ref]` with a `[ref]: url` definition), images
 * shown as links, `<url>` autolinks, bare `http(s)://` and `www.` addresses and email addresses
 * (GitHub-flavoured autolinks), and raw `<a href>` tags. Code spans and code blocks show no links
 * and count none. Links within Outloud (`/posts/…`, `#top`, a relative path) do not count:
 * the cap is about where a newcomer sends readers.
 *
 * It follows CommonMark's rules where a mistake would let links through unseen (a link inside
 * another's text, definitions that cannot interrupt a paragraph, code spans against autolinks);
 * where Markdown is ambiguous it errs on counting. About linear in the text's length (where each
 * link target ends is worked out once for every position), so a hostile body costs no more than
 * a long one.
 */
export function countLinks(markdown: string): number {
  const lines = withoutCodeBlocks(markdown.replace(/\r\n?/g, '\n').split('\n'));
  const { text, definitions } = takeDefinitions(lines);
  return countInline(withoutCodeSpans(text), definitions);
}

/** Characters an autolink or raw tag may take before it is read as plain text instead. */
const MAX_TAG = 2_048;

const FENCE_OPEN = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/;
const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const BLANK = /^[ \t]*$/;
const INDENTED = /^(?: {4}|\t| {1,3}\t)/;

/**
 * The lines with fenced and indented code blocks blanked out. An indented line inside a list is
 * a list item's paragraph, not code, so there (where lists make it unsure) it is kept.
 */
function withoutCodeBlocks(lines: string[]): string[] {
  const out: string[] = [];
  let fence: { char: string; length: number } | undefined;
  let previousBlank = true;
  let inCode = false;
  let inList = false;
  for (const line of lines) {
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line)?.[1];
      if (close && close[0] === fence.char && close.length >= fence.length) fence = undefined;
      out.push('');
      continue;
    }
    const open = FENCE_OPEN.exec(line)?.[1];
    if (open) {
      fence = { char: open[0]!, length: open.length };
      out.push('');
      previousBlank = true;
      inCode = false;
      continue;
    }
    const blank = BLANK.test(line);
    if (!blank && INDENTED.test(line) && (previousBlank || inCode) && !inList) {
      inCode = true;
      out.push('');
      continue;
    }
    if (!blank) {
      if (LIST_ITEM.test(line)) inList = true;
      // A line starting at the margin after a blank line ends the list.
      else if (previousBlank && !INDENTED.test(line) && !/^ /.test(line)) inList = false;
      inCode = false;
    }
    previousBlank = blank;
    out.push(line);
  }
  return out;
}

const DEFINITION = /^ {0,3}\[((?:[^\]\\]|\\.){1,999})\]:[ \t]*(<[^<>\n]*>|\S+)(?:[ \t]+.*)?$/;

/**
 * Link reference definitions (first one of a label wins), taken out of the text: they show
 * nothing themselves; the links that use them count. A definition cannot interrupt a paragraph:
 * there the line is text (and its address a bare URL).
 */
function takeDefinitions(lines: string[]): { text: string; definitions: Map<string, string> } {
  const definitions = new Map<string, string>();
  let paragraph = false;
  const kept = lines.map((line) => {
    const found = paragraph ? null : DEFINITION.exec(line);
    if (found && /\S/.test(found[1]!)) {
      const label = normalizeLabel(found[1]!);
      if (!definitions.has(label)) definitions.set(label, found[2]!.replace(/^<(.*)>$/, '$1'));
      return '';
    }
    paragraph = !BLANK.test(line);
    return line;
  });
  return { text: kept.join('\n'), definitions };
}

function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

const AUTOLINK = /^<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>/;
const EMAIL_AUTOLINK = /^<([a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*)>/;
const HTML_TAG =
  /^<\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s+[a-zA-Z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>/;
const ESCAPABLE = /[!-/:-@[-`{-~]/;

/** Matches an autolink or raw HTML tag at `i` (they bind as tightly as code spans). */
function tagAt(text: string, i: number): RegExpExecArray | null {
  const rest = text.slice(i, i + MAX_TAG);
  return AUTOLINK.exec(rest) ?? EMAIL_AUTOLINK.exec(rest) ?? HTML_TAG.exec(rest);
}

/**
 * The text with code spans and backslash-escaped punctuation blanked (same length), so that
 * neither can start a link. Autolinks and tags are kept whole: whichever starts first wins.
 */
function withoutCodeSpans(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && ESCAPABLE.test(text[i + 1] ?? '')) {
      out += '  ';
      i += 2;
    } else if (c === '<') {
      const tag = tagAt(text, i);
      const end = tag ? i + tag[0].length : i + 1;
      out += text.slice(i, end);
      i = end;
    } else if (c === '`') {
      let run = i;
      while (text[run] === '`') run++;
      const close = closingRun(text, run, run - i);
      if (close === undefined) {
        out += text.slice(i, run);
        i = run;
      } else {
        out += blankOut(text.slice(i, close));
        i = close;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Where a code span opened by `length` backticks ends (after its closer), within the paragraph. */
function closingRun(text: string, from: number, length: number): number | undefined {
  let i = from;
  let lineHasText = true;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      if (!lineHasText) return undefined; // a blank line ends the paragraph
      lineHasText = false;
      i++;
    } else if (c === '`') {
      let run = i;
      while (text[run] === '`') run++;
      if (run - i === length) return run;
      lineHasText = true;
      i = run;
    } else {
      if (c !== ' ' && c !== '\t') lineHasText = true;
      i++;
    }
  }
  return undefined;
}

/** The same length of text with everything but line breaks turned into spaces. */
function blankOut(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

interface Opener {
  at: number;
  image: boolean;
  active: boolean;
}

/**
 * Links, images, autolinks and tags, found as CommonMark finds them (a `]` closes the nearest
 * `[`; a link deactivates the brackets around it), then bare addresses in what is left.
 */
function countInline(text: string, definitions: Map<string, string>): number {
  const plain = text.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (plain[k] !== '\n') plain[k] = ' ';
  };
  const ahead = new Lookahead(text);
  let count = 0;
  const openers: Opener[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '<') {
      const tag = tagAt(text, i);
      if (tag) {
        if (tagLinks(tag)) count++;
        blank(i, i + tag[0].length);
        i += tag[0].length;
        continue;
      }
    } else if (c === '!' && text[i + 1] === '[') {
      openers.push({ at: i, image: true, active: true });
      i += 2;
      continue;
    } else if (c === '[') {
      openers.push({ at: i, image: false, active: true });
    } else if (c === ']') {
      const opener = openers.pop();
      const labelStart = opener ? opener.at + (opener.image ? 2 : 1) : 0;
      const target = opener?.active
        ? (inlineTarget(text, ahead, i + 1) ??
          referenceTarget(text, ahead, labelStart, i, definitions))
        : undefined;
      if (opener && target) {
        if (opener.image ? imageShowsLink(target.url) : leadsOffOutloud(target.url)) count++;
        // Links cannot hold links: the brackets around this one are plain text now.
        if (!opener.image) for (const outer of openers) if (!outer.image) outer.active = false;
        blank(opener.at, target.end);
        i = target.end;
        continue;
      }
    }
    i++;
  }
  return count + countBareAddresses(plain.join(''));
}

/** Whether an autolink or raw tag is a link a reader can follow off Outloud. */
function tagLinks(tag: RegExpExecArray): boolean {
  const whole = tag[0];
  if (tag[1] !== undefined) {
    // `<a@b.example>` is a mail link; `<scheme:…>` keeps its address only for schemes the
    // sanitizer lets through.
    return !tag[1].includes(':') || /^(https?|mailto):/i.test(tag[1]);
  }
  const name = /^<([a-zA-Z][a-zA-Z0-9-]*)/.exec(whole)?.[1]?.toLowerCase();
  if (name === 'a') return leadsOffOutloud(attribute(whole, 'href') ?? '');
  if (name === 'img') return imageShowsLink(attribute(whole, 'src') ?? '');
  return false;
}

function attribute(tag: string, name: string): string | undefined {
  const found = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s"'=<>\`]+))`, 'i').exec(
    tag,
  );
  return found ? (found[2] ?? found[3] ?? found[4]) : undefined;
}

/**
 * Where the next character of each kind is, and where each link target would end, for every
 * position of the text: read once, so that no `]` makes the counter scan far ahead again.
 */
class Lookahead {
  readonly #text: string;
  readonly #next = new Map<string, Int32Array>();
  /** First position at or after i holding a space or control character (a target's end). */
  readonly #stop: Int32Array;
  /** First position after i where more `)` than `(` have been seen since i. */
  readonly #unbalanced: Int32Array;
  /** `(` minus `)` before each position. */
  readonly #depth: Int32Array;

  constructor(text: string) {
    this.#text = text;
    const n = text.length;
    for (const char of ['"', "'", ')', '>', ']', '\n']) {
      const next = new Int32Array(n + 1).fill(n);
      for (let i = n - 1; i >= 0; i--) next[i] = text[i] === char ? i : next[i + 1]!;
      this.#next.set(char, next);
    }
    this.#stop = new Int32Array(n + 1).fill(n);
    for (let i = n - 1; i >= 0; i--)
      this.#stop[i] = text.charCodeAt(i) <= 0x20 ? i : this.#stop[i + 1]!;
    this.#depth = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      const c = text[i];
      this.#depth[i + 1] = this.#depth[i]! + (c === '(' ? 1 : c === ')' ? -1 : 0);
    }
    // The next position whose depth is below this one's (a monotonic stack, right to left).
    this.#unbalanced = new Int32Array(n + 1).fill(n + 1);
    const stack: number[] = [];
    for (let i = n; i >= 0; i--) {
      while (stack.length > 0 && this.#depth[stack.at(-1)!]! >= this.#depth[i]!) stack.pop();
      if (stack.length > 0) this.#unbalanced[i] = stack.at(-1)!;
      stack.push(i);
    }
  }

  /** The first `char` at or after `from` (the text's length if none). */
  next(char: string, from: number): number {
    return from >= this.#text.length ? this.#text.length : this.#next.get(char)![from]!;
  }

  /** Where a bare target starting at `from` ends, or undefined when its parentheses do not balance. */
  targetEnd(from: number): number | undefined {
    const stop = this.#stop[from]!;
    const closing = this.#unbalanced[from]! - 1; // the `)` that closes the link
    if (closing < stop) return closing;
    return this.#depth[stop] === this.#depth[from] ? stop : undefined;
  }
}

/** `(url "title")` right after a `]`, or undefined. */
function inlineTarget(
  text: string,
  ahead: Lookahead,
  at: number,
): { url: string; end: number } | undefined {
  if (text[at] !== '(') return undefined;
  let i = skipSpace(text, at + 1);
  let url = '';
  if (text[i] === '<') {
    const close = ahead.next('>', i);
    if (close >= text.length || ahead.next('\n', i) < close) return undefined;
    url = text.slice(i + 1, close);
    i = close + 1;
  } else {
    const end = ahead.targetEnd(i);
    if (end === undefined) return undefined;
    url = text.slice(i, end);
    i = end;
  }
  const beforeTitle = i;
  i = skipSpace(text, i);
  const quote = text[i];
  if (i > beforeTitle && (quote === '"' || quote === "'" || quote === '(')) {
    const close = ahead.next(quote === '(' ? ')' : quote, i + 1);
    if (close >= text.length) return undefined;
    i = skipSpace(text, close + 1);
  }
  return text[i] === ')' ? { url, end: i + 1 } : undefined;
}

/** `[text][label]`, `[label][]` or `[label]` whose label is defined, or undefined. */
function referenceTarget(
  text: string,
  ahead: Lookahead,
  labelStart: number,
  close: number,
  definitions: Map<string, string>,
): { url: string; end: number } | undefined {
  if (definitions.size === 0) return undefined;
  if (text[close + 1] === '[') {
    const end = ahead.next(']', close + 2);
    if (end < text.length && end - close < 1_000) {
      const label = text.slice(close + 2, end);
      const url = definitions.get(normalizeLabel(label || text.slice(labelStart, close)));
      // `[text][undefined]` is no link at all (not a shortcut `[text]` either).
      return url === undefined ? undefined : { url, end: end + 1 };
    }
  }
  if (close - labelStart > 999) return undefined;
  const url = definitions.get(normalizeLabel(text.slice(labelStart, close)));
  return url === undefined ? undefined : { url, end: close + 1 };
}

/** Spaces, tabs and at most one line break. */
function skipSpace(text: string, from: number): number {
  let i = from;
  let breaks = 0;
  while (i < text.length && /[ \t\n]/.test(text[i]!)) {
    if (text[i] === '\n' && ++breaks > 1) break;
    i++;
  }
  return i;
}

/**
 * GitHub-flavoured autolinks as the renderer makes them: `http(s)://…` anywhere, `www.…` and
 * email addresses that do not follow a letter or digit (links, autolinks and tags are already
 * blanked out).
 */
function countBareAddresses(text: string): number {
  const urls = text.match(/(?:https?:\/\/|(?<![A-Za-z0-9])www\.)[A-Za-z0-9_-]/gi)?.length ?? 0;
  const emails =
    text.match(/(?<![A-Za-z0-9.+_-])[A-Za-z0-9.+_-]+@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+/g)
      ?.length ?? 0;
  return urls + emails;
}

/** Whether an image is shown as a link (an absolute http(s) address that is not an upload). */
function imageShowsLink(src: string): boolean {
  return imageRendering(readableTarget(src)).as === 'link';
}

/**
 * Whether a link leads off Outloud: an http(s) or mail address. The sanitizer keeps no other
 * scheme, and a path (`/posts/…`, `#top`, `guide`) stays within Outloud.
 */
function leadsOffOutloud(target: string): boolean {
  return /^(https?|mailto):/i.test(readableTarget(target));
}

/**
 * A target as the browser follows it: entities decoded (as Markdown does), and the spaces and
 * control characters a browser ignores in a scheme removed. An entity left undecoded that
 * could hide a scheme makes it count.
 */
function readableTarget(target: string): string {
  let decoded = '';
  for (const char of decodeEntities(target)) if (char > ' ') decoded += char;
  return /^[a-z]*&[a-z]+;/i.test(decoded) ? `https://${decoded}` : decoded;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  colon: ':',
  sol: '/',
  period: '.',
  lpar: '(',
  rpar: ')',
  num: '#',
  quest: '?',
};

/** Numeric and a few named HTML entities, as Markdown decodes them in link targets. */
function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}
