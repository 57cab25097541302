/**
 * What an uploaded file is, decided from its bytes (never the declared type). The name matters
 * only for text, which has no signature: it must be named as text, and the name tells plain
 * text, Markdown and CSV apart. Anything not on the allow-list is `null`, answered with 415.
 */
export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'gif';

/** The file types taken besides images; the storage key's extension names the content type. */
export type FileExtension = 'pdf' | 'docx' | 'xlsx' | 'pptx' | 'txt' | 'md' | 'csv';

export type Sniffed =
  { kind: 'image'; format: ImageFormat } | { kind: 'file'; extension: FileExtension };

function startsWith(bytes: Buffer, signature: string | number[], at = 0): boolean {
  const expected = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : signature;
  if (bytes.length < at + expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (bytes[at + i] !== expected[i]) return false;
  return true;
}

function imageFormatOf(bytes: Buffer): ImageFormat | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, 'GIF87a') || startsWith(bytes, 'GIF89a')) return 'gif';
  if (startsWith(bytes, 'RIFF') && startsWith(bytes, 'WEBP', 8)) return 'webp';
  return null;
}

/** Office Open XML documents are zip archives told apart by the part every one of them has. */
const OFFICE_PARTS: [string, FileExtension][] = [
  ['word/document.xml', 'docx'],
  ['xl/workbook.xml', 'xlsx'],
  ['ppt/presentation.xml', 'pptx'],
];
/** More entries than any real document has: a zip built to make us loop is refused. */
const MAX_ZIP_ENTRIES = 20_000;

/** The names in a zip's central directory, or null when it is not a well-formed zip. */
export function zipEntryNames(bytes: Buffer): string[] | null {
  const END_SIGNATURE = 0x06054b50;
  const ENTRY_SIGNATURE = 0x02014b50;
  // The end record is the last 22 bytes plus a comment of at most 65,535 bytes.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (bytes.readUInt32LE(at) === END_SIGNATURE) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  if (count > MAX_ZIP_ENTRIES) return null;
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== ENTRY_SIGNATURE) return null;
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const nameEnd = at + 46 + nameLength;
    if (nameEnd > end) return null;
    names.push(bytes.toString('utf8', at + 46, nameEnd));
    at = nameEnd + extraLength + commentLength;
  }
  return names;
}

function officeTypeOf(bytes: Buffer): FileExtension | null {
  const names = zipEntryNames(bytes);
  if (!names?.includes('[Content_Types].xml')) return null;
  const entries = new Set(names);
  for (const [part, extension] of OFFICE_PARTS) if (entries.has(part)) return extension;
  return null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Text is valid UTF-8 without NUL (binary formats nearly always have both problems). */
function isText(bytes: Buffer): boolean {
  if (bytes.length === 0 || bytes.includes(0)) return false;
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Text is taken only under a text name (`.txt`, `.md`, `.csv`…): text named `.png` or `.exe`
 * claims to be something it is not, and is refused rather than guessed at.
 */
const TEXT_NAMES: Record<string, FileExtension> = {
  txt: 'txt',
  text: 'txt',
  log: 'txt',
  md: 'md',
  markdown: 'md',
  csv: 'csv',
};

function textFlavourOf(name: string): FileExtension | null {
  const dot = name.lastIndexOf('.');
  if (dot < 0) return null;
  return TEXT_NAMES[name.slice(dot + 1).toLowerCase()] ?? null;
}

const file = (extension: FileExtension): Sniffed => ({ kind: 'file', extension });

export function sniff(bytes: Buffer, name: string): Sniffed | null {
  const image = imageFormatOf(bytes);
  if (image) return { kind: 'image', format: image };
  if (startsWith(bytes, '%PDF-')) return file('pdf');
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const office = officeTypeOf(bytes);
    return office ? file(office) : null;
  }
  const flavour = textFlavourOf(name);
  return flavour && isText(bytes) ? file(flavour) : null;
}
