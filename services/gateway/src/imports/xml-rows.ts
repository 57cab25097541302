import { createReadStream } from 'node:fs';
import { SaxesParser } from 'saxes';

/**
 * The attributes of every `<row>` of a Stack Exchange dump file, streamed: the file is read in
 * chunks and each chunk's rows are handed out before the next is read, so a dump of any size
 * needs only a chunk's worth of memory. Malformed XML rejects with saxes' message (line, column).
 */
export async function* xmlRows(path: string): AsyncGenerator<Record<string, string>> {
  const parser = new SaxesParser();
  let pending: Record<string, string>[] = [];
  parser.on('opentag', (tag) => {
    if (tag.name === 'row') pending.push(tag.attributes);
  });
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    parser.write(chunk as string);
    const rows = pending;
    pending = [];
    yield* rows;
  }
  parser.close();
  yield* pending;
}

/** How many `<row` elements a file holds, counted without parsing (for the progress total). */
export async function countXmlRows(path: string): Promise<number> {
  let count = 0;
  let carry = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    const text = carry + (chunk as string);
    count += text.split('<row ').length - 1;
    carry = text.slice(-4);
  }
  return count;
}
