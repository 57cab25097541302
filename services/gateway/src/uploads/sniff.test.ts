import { describe, expect, it } from 'vitest';
import { solidPng } from '@outloud/testkit';
import { officeDocument, storedZip } from '../../test/zip.js';
import { sniff, zipEntryNames } from './sniff.js';

describe('sniff', () => {
  it('tells images by their signature, whatever the name says', () => {
    expect(sniff(solidPng(2, 2, [1, 2, 3]), 'photo.jpg')).toEqual({ kind: 'image', format: 'png' });
    expect(sniff(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]), 'x.png')).toMatchObject({
      format: 'jpeg',
    });
    expect(sniff(Buffer.from('GIF89a....'), 'x')).toMatchObject({ format: 'gif' });
    expect(sniff(Buffer.from('RIFF\x10\0\0\0WEBPVP8 ', 'latin1'), 'x')).toMatchObject({
      format: 'webp',
    });
  });

  it('takes PDFs and Word, Excel and PowerPoint documents by their content', () => {
    expect(sniff(Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1'), 'a.txt')).toEqual({
      kind: 'file',
      extension: 'pdf',
    });
    for (const kind of ['docx', 'xlsx', 'pptx'] as const) {
      expect(sniff(officeDocument(kind), 'renamed.bin')).toEqual({ kind: 'file', extension: kind });
    }
  });

  it('refuses other zip archives, even named like a document', () => {
    const zip = storedZip({ 'payload.exe': 'MZ', 'readme.txt': 'hi' });
    expect(zipEntryNames(zip)).toEqual(['payload.exe', 'readme.txt']);
    expect(sniff(zip, 'report.docx')).toBeNull();
    expect(sniff(Buffer.from('PK\x03\x04 truncated', 'latin1'), 'report.docx')).toBeNull();
  });

  it('takes UTF-8 text, naming it text, Markdown or CSV by the file name', () => {
    const text = Buffer.from('Grüße, a,b\n1,2\n', 'utf8');
    expect(sniff(text, 'notes.txt')).toEqual({ kind: 'file', extension: 'txt' });
    expect(sniff(text, 'README.md')).toEqual({ kind: 'file', extension: 'md' });
    expect(sniff(text, 'data.CSV')).toEqual({ kind: 'file', extension: 'csv' });
    expect(sniff(text, 'server.log')).toEqual({ kind: 'file', extension: 'txt' });
  });

  it('refuses text under a name that claims something else, or no type at all', () => {
    const text = Buffer.from('just words', 'utf8');
    expect(sniff(text, 'photo.png')).toBeNull();
    expect(sniff(text, 'setup.exe')).toBeNull();
    expect(sniff(text, 'no-extension')).toBeNull();
  });

  it('refuses binary content: NUL bytes, invalid UTF-8, executables, empty files', () => {
    expect(sniff(Buffer.from('text\0with nul'), 'a.txt')).toBeNull();
    expect(sniff(Buffer.from([0xc3, 0x28, 0x41]), 'a.txt')).toBeNull();
    expect(sniff(Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]), 'setup.pdf')).toBeNull();
    expect(sniff(Buffer.alloc(0), 'empty.txt')).toBeNull();
  });
});
