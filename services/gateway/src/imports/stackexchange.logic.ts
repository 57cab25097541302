import { Limits } from '@outloud/contracts';

/** A Stack Exchange post row as the import uses it. */
export type StackPost =
  | {
      type: 'question';
      id: string;
      title: string;
      body: string;
      tags: string[];
      ownerId: string | null;
      createdAt: string;
      score: number;
      acceptedAnswerId: string | null;
    }
  | {
      type: 'answer';
      id: string;
      parentId: string;
      body: string;
      ownerId: string | null;
      createdAt: string;
      score: number;
    };

/** A dump user: Stack Overflow for Teams exports carry `Email`, public dumps do not. */
export interface StackUser {
  id: string;
  displayName: string;
  email: string | null;
}

/**
 * Tags as Outloud writes them: lowercase, `[a-z0-9-]`, at most 32 characters, at most 10, each
 * once (`c#` → `c-sharp`, `.net` → `dotnet`, `node.js` → `node-js`).
 */
export function normalizeTags(tags: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of tags) {
    const tag = raw
      .toLowerCase()
      .replace(/#/g, '-sharp')
      .replace(/\+/g, 'p')
      .replace(/^\./, 'dot')
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32)
      .replace(/-+$/, '');
    if (tag) out.add(tag);
    if (out.size === Limits.tagsMax) break;
  }
  return [...out];
}

/** The tags of a dump row: `<a><b>` (older dumps) or `|a|b|` (newer ones). */
export function splitTags(value: string | undefined): string[] {
  if (!value) return [];
  const parts = value.startsWith('<') ? value.slice(1, -1).split('><') : value.split('|');
  return parts.filter((t) => t.length > 0);
}

/** Dump dates are UTC without a zone (`2019-03-04T05:06:07.123`). */
export function dumpDate(value: string | undefined): string | null {
  if (!value) return null;
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A title that fits Outloud's limit (cut at a word, with an ellipsis). */
export function fitTitle(title: string): string {
  const trimmed = title.trim();
  if (trimmed.length <= Limits.titleMax) return trimmed;
  const cut = trimmed.slice(0, Limits.titleMax - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > Limits.titleMax / 2 ? cut.slice(0, space) : cut}…`;
}

/**
 * A row of Posts.xml as a question or an answer; other post types (tag wikis, moderator
 * nominations…) are `null`, and a row missing what it needs is an error message.
 */
export function readPostRow(row: Record<string, string>): StackPost | null | string {
  const id = row.Id;
  if (!id) return 'a row without Id';
  const createdAt = dumpDate(row.CreationDate);
  if (!createdAt) return `post ${id}: no valid CreationDate`;
  const score = Math.max(0, Number.parseInt(row.Score ?? '0', 10) || 0);
  const ownerId = row.OwnerUserId ?? null;
  const body = row.Body ?? '';
  switch (row.PostTypeId ?? '') {
    case '1':
      if (!row.Title?.trim()) return `post ${id}: a question without Title`;
      return {
        type: 'question',
        id,
        title: fitTitle(row.Title),
        body,
        tags: normalizeTags(splitTags(row.Tags)),
        ownerId,
        createdAt,
        score,
        acceptedAnswerId: row.AcceptedAnswerId ?? null,
      };
    case '2':
      if (!row.ParentId) return `post ${id}: an answer without ParentId`;
      return { type: 'answer', id, parentId: row.ParentId, body, ownerId, createdAt, score };
    default:
      return null;
  }
}

export function readUserRow(row: Record<string, string>): StackUser | null {
  if (!row.Id) return null;
  const email = row.Email?.trim().toLowerCase() || null;
  return {
    id: row.Id,
    displayName: row.DisplayName?.trim() || `user ${row.Id}`,
    email: email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null,
  };
}
