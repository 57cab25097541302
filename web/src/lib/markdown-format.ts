import { translate } from '../i18n';

/** The toolbar's formats. */
export type MarkdownFormat = 'bold' | 'italic' | 'code' | 'link' | 'list' | 'quote';

export interface TextEdit {
  text: string;
  selectionStart: number;
  selectionEnd: number;
}

const wrappers = { bold: '**', italic: '_', code: '`' } as const;

/** Applies a toolbar format to the selection (or inserts a placeholder), keeping it selected. */
export function applyFormat(edit: TextEdit, format: MarkdownFormat): TextEdit {
  const { text, selectionStart: start, selectionEnd: end } = edit;
  const selected = text.slice(start, end);
  const before = text.slice(0, start);
  const after = text.slice(end);
  switch (format) {
    case 'bold':
    case 'italic':
    case 'code': {
      const mark = wrappers[format];
      // With nothing selected, a placeholder word in the app's language, selected for typing over.
      const inner = selected === '' ? translate(`post.format.${format}`) : selected;
      return {
        text: `${before}${mark}${inner}${mark}${after}`,
        selectionStart: start + mark.length,
        selectionEnd: start + mark.length + inner.length,
      };
    }
    case 'link': {
      const label = selected === '' ? translate('post.format.linkText') : selected;
      const url = 'https://';
      const inserted = `[${label}](${url})`;
      const urlStart = start + label.length + 3;
      return {
        text: before + inserted + after,
        selectionStart: urlStart,
        selectionEnd: urlStart + url.length,
      };
    }
    case 'list':
    case 'quote': {
      const prefix = format === 'list' ? '- ' : '> ';
      const lineStart = before.lastIndexOf('\n') + 1;
      const block = text.slice(lineStart, end);
      const prefixed = block
        .split('\n')
        .map((line) => prefix + line)
        .join('\n');
      return {
        text: text.slice(0, lineStart) + prefixed + after,
        selectionStart: start + prefix.length,
        selectionEnd: lineStart + prefixed.length,
      };
    }
    default: {
      const unknown: never = format;
      return unknown;
    }
  }
}
