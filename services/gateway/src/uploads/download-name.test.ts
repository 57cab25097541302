import { describe, expect, it } from 'vitest';
import { cleanFileName, contentDisposition } from './download-name.js';

describe('cleanFileName', () => {
  it('keeps the last path segment and drops characters that are not safe in a file name', () => {
    expect(cleanFileName('C:\\Users\\me\\Q3 "final".pdf', 'file.pdf')).toBe('Q3 _final_.pdf');
    expect(cleanFileName('../../etc/passwd', 'file.txt')).toBe('passwd');
    expect(cleanFileName('a\r\nb\u202e.txt', 'file.txt')).toBe('a__b_.txt');
    expect(cleanFileName('...hidden', 'file.txt')).toBe('hidden');
  });

  it('falls back when nothing is left, and shortens long names keeping the extension', () => {
    expect(cleanFileName(undefined, 'image.png')).toBe('image.png');
    expect(cleanFileName('  ', 'image.png')).toBe('image.png');
    const long = cleanFileName(`${'x'.repeat(300)}.xlsx`, 'file.xlsx');
    expect([...long]).toHaveLength(120);
    expect(long.endsWith('.xlsx')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII name and the exact UTF-8 name', () => {
    expect(contentDisposition('attachment', 'Überblick (v2).pdf')).toBe(
      `attachment; filename="_berblick (v2).pdf"; filename*=UTF-8''%C3%9Cberblick%20%28v2%29.pdf`,
    );
    expect(contentDisposition('inline', 'chart.png')).toBe(
      `inline; filename="chart.png"; filename*=UTF-8''chart.png`,
    );
  });
});
