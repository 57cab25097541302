/** The longest file name kept (in characters), extension included. */
const NAME_MAX = 120;

/**
 * The uploader's file name made safe to keep and to send back: no folders, no control or
 * reserved characters, no leading dots, at most 120 characters; `fallback` when nothing is left.
 */
export function cleanFileName(name: string | undefined, fallback: string): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    // Control characters, quotes and the characters file systems reserve.
    .replace(/[\p{Cc}\p{Cf}"*:<>?|]/gu, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  if (cleaned === '') return fallback;
  const characters = [...cleaned];
  if (characters.length <= NAME_MAX) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return characters.slice(0, NAME_MAX - [...extension].length).join('') + extension;
}

/**
 * A `Content-Disposition` value: an ASCII stand-in for old clients and the exact UTF-8 name
 * (RFC 6266 / RFC 5987). The name is already clean (`cleanFileName`): no quotes or controls.
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/[\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
