import type { ImportSource, ImportStatus } from '@outloud/contracts';
import type { MessageKey } from '../i18n';

/** One file an import asks for; `sendAs` is the name the gateway recognises it by. */
export interface ImportFileSlot {
  key: string;
  label: MessageKey;
  accept: string;
  sendAs: string;
  required: boolean;
}

export const IMPORT_SOURCES: readonly ImportSource[] = ['stackexchange', 'discourse', 'people'];

/** The files each source reads: a Stack Exchange dump's XML files, one JSON, one CSV. */
export const importFileSlots: Record<ImportSource, readonly ImportFileSlot[]> = {
  stackexchange: [
    {
      key: 'posts',
      label: 'imports.files.posts',
      accept: '.xml',
      sendAs: 'Posts.xml',
      required: true,
    },
    {
      key: 'users',
      label: 'imports.files.users',
      accept: '.xml',
      sendAs: 'Users.xml',
      required: true,
    },
    {
      key: 'tags',
      label: 'imports.files.tags',
      accept: '.xml',
      sendAs: 'Tags.xml',
      required: false,
    },
  ],
  discourse: [
    {
      key: 'json',
      label: 'imports.files.json',
      accept: '.json,application/json',
      sendAs: 'export.json',
      required: true,
    },
  ],
  people: [
    {
      key: 'csv',
      label: 'imports.files.csv',
      accept: '.csv,text/csv',
      sendAs: 'people.csv',
      required: true,
    },
  ],
};

/** People are accounts, not content: only the other sources go to a channel. */
export const needsChannel = (source: ImportSource): boolean => source !== 'people';

/** The chosen files renamed to what their slot holds, so `my-dump-posts.xml` still counts. */
export function filesToSend(source: ImportSource, chosen: Partial<Record<string, File>>): File[] {
  return importFileSlots[source].flatMap((slot) => {
    const file = chosen[slot.key];
    return file === undefined ? [] : [new File([file], slot.sendAs, { type: file.type })];
  });
}

/** The first required slot without a file, if any. */
export function missingSlot(
  source: ImportSource,
  chosen: Partial<Record<string, File>>,
): ImportFileSlot | undefined {
  return importFileSlots[source].find((slot) => slot.required && chosen[slot.key] === undefined);
}

/** Each source's name and the one line saying which files it needs. */
export const importSourceText: Record<ImportSource, { label: MessageKey; hint: MessageKey }> = {
  stackexchange: { label: 'imports.sources.stackexchange', hint: 'imports.hints.stackexchange' },
  discourse: { label: 'imports.sources.discourse', hint: 'imports.hints.discourse' },
  people: { label: 'imports.sources.people', hint: 'imports.hints.people' },
};

export const importStatusText: Record<ImportStatus, MessageKey> = {
  running: 'imports.status.running',
  succeeded: 'imports.status.succeeded',
  failed: 'imports.status.failed',
};
