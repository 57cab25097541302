import { describe, expect, it } from 'vitest';
import {
  hasUploadPlaceholder,
  insertAt,
  replacePlaceholder,
  uploadMarkdown,
  uploadPlaceholder,
} from './upload-markdown';

const url = '/api/v1/uploads/0a7c6f1e-2b7e-4d38-9a57-0c1f2e3d4b5a';

describe('uploadMarkdown', () => {
  it('shows images inline with their name as alt text', () => {
    expect(uploadMarkdown({ url, contentType: 'image/png' }, 'Q3 chart.png', 'image')).toBe(
      `![Q3 chart](${url})`,
    );
    expect(uploadMarkdown({ url, contentType: 'image/jpeg' }, '', 'image')).toBe(
      `![image](${url})`,
    );
  });

  it('links other files by their name, escaping what would break the link', () => {
    expect(uploadMarkdown({ url, contentType: 'application/pdf' }, 'a [draft].pdf', 'x')).toBe(
      `[a \\[draft\\].pdf](${url})`,
    );
  });
});

describe('insertAt', () => {
  it('replaces the selection and puts the caret after the insert', () => {
    expect(insertAt('Hello world', { start: 6, end: 11 }, 'there')).toEqual({
      text: 'Hello there',
      caret: 11,
    });
    expect(insertAt('abc', { start: 99, end: 99 }, '!')).toEqual({ text: 'abc!', caret: 4 });
  });
});

describe('replacePlaceholder', () => {
  it('swaps the placeholder for the result, or removes it', () => {
    expect(replacePlaceholder('a [up] b', '[up]', '![x](u)')).toBe('a ![x](u) b');
    expect(replacePlaceholder('a [up] b', '[up]', '')).toBe('a  b');
  });

  it('appends the result on a new line when the placeholder was edited away', () => {
    expect(replacePlaceholder('text', '[up]', '![x](u)')).toBe('text\n![x](u)');
    expect(replacePlaceholder('', '[up]', '![x](u)')).toBe('![x](u)');
    expect(replacePlaceholder('text', '[up]', '')).toBe('text');
  });
});

describe('uploadPlaceholder', () => {
  it('is an image without a source whose text cannot break the link', () => {
    expect(uploadPlaceholder('Uploading [a]\nb.png…', 2)).toBe(
      '![Uploading ab.png…](#uploading-2)',
    );
  });

  it('is found in a text until it is replaced', () => {
    const placeholder = uploadPlaceholder('Uploading x.png…', 7);
    const text = `Before\n${placeholder}\nafter`;
    expect(hasUploadPlaceholder(text)).toBe(true);
    expect(hasUploadPlaceholder(replacePlaceholder(text, placeholder, '![x](/u/1)'))).toBe(false);
    expect(hasUploadPlaceholder('A link to [the docs](#setup) and ![a chart](/u/2)')).toBe(false);
  });
});
