import type { PostKind } from '@outloud/contracts';

/** What the composer keeps while someone writes, so a reload or a closed tab loses nothing. */
export interface Draft {
  kind: PostKind;
  title: string;
  body: string;
  tags: string;
}

/** The slice of `Storage` drafts need; tests pass a Map-backed one. */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const kinds: readonly string[] = ['tip', 'question', 'announcement'];

export function draftKey(userId: string, place: string): string {
  return `outloud:draft:${userId}:${place}`;
}

export function isEmptyDraft(draft: Draft): boolean {
  return draft.title.trim() === '' && draft.body.trim() === '' && draft.tags.trim() === '';
}

/** The stored draft, or null when there is none or it is unreadable. */
export function loadDraft(storage: DraftStorage, key: string): Draft | null {
  let value: unknown;
  try {
    value = JSON.parse(storage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { kind, title, body, tags } = value as Record<string, unknown>;
  if (typeof kind !== 'string' || !kinds.includes(kind)) return null;
  if (typeof title !== 'string' || typeof body !== 'string' || typeof tags !== 'string')
    return null;
  return { kind: kind as PostKind, title, body, tags };
}

/** Keeps the draft, or forgets it once it is empty. Storage being full or off is not an error. */
export function saveDraft(storage: DraftStorage, key: string, draft: Draft): void {
  try {
    if (isEmptyDraft(draft)) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify(draft));
  } catch {
    // Private mode or a full quota: the draft just is not kept.
  }
}

export function clearDraft(storage: DraftStorage, key: string): void {
  try {
    storage.removeItem(key);
  } catch {
    // As above.
  }
}
