import { createWriteStream } from 'node:fs';
import { appendFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Kysely } from 'kysely';
import type {
  Actor,
  ExportRecord,
  FeedExportEntity,
  LearningExportEntity,
} from '@outloud/contracts';
import type { IdentityDatabase } from '../identity/identity.tables.js';
import type { ServiceClients } from '../services/clients.js';
import { channelHeading, threadMarkdown, type ThreadRecord } from './channel-markdown.js';
import { tarStream, type TarEntry } from './tar-writer.js';
import { EXPORTED_USER_COLUMNS } from './user-columns.js';

/** Rows asked for per page: a page is also cut by bytes by the service that answers. */
const PAGE = 500;

type Page = { items: ExportRecord[]; nextAfter: string | null };
type Pager = (after: string | undefined) => Promise<Page>;

export interface ExportRun {
  db: Kysely<IdentityDatabase>;
  services: Pick<ServiceClients, 'feed' | 'learning'>;
  actor: Actor;
  /** Where the export's files are written before they are archived. */
  workDir: string;
  /** The finished archive. */
  archivePath: string;
  /** Told after each stage (0–100) and every page (records so far). */
  onProgress: (progress: {
    stage: string | null;
    percent: number;
    records: number;
  }) => Promise<void>;
  /** True once the export should stop (the gateway is closing). */
  aborted: () => boolean;
}

/** People without anything that signs in: no password hash, tokens or sessions ever leave. */
async function usersPage(db: Kysely<IdentityDatabase>, after: string | undefined): Promise<Page> {
  const rows = await db
    .selectFrom('identity.users')
    .select(EXPORTED_USER_COLUMNS)
    .$if(after !== undefined, (q) => q.where('id', '>', after!))
    .orderBy('id')
    .limit(PAGE + 1)
    .execute();
  const items = rows.slice(0, PAGE);
  return { items, nextAfter: rows.length > PAGE ? items.at(-1)!.id : null };
}

/** Where each entity's rows go, in the order they are written. */
const FEED_FILES: [FeedExportEntity, string][] = [
  ['channels', 'channels.jsonl'],
  ['memberships', 'memberships.jsonl'],
  ['votes', 'votes.jsonl'],
  ['tags', 'tags.jsonl'],
  ['bookmarks', 'bookmarks.jsonl'],
  ['follows', 'follows.jsonl'],
];
const LEARNING_FILES: [LearningExportEntity, string][] = [
  ['goals', 'goals.jsonl'],
  ['evidence', 'goal-evidence.jsonl'],
  ['log', 'learning-log.jsonl'],
  ['challenges', 'challenges.jsonl'],
  ['participants', 'challenge-participants.jsonl'],
  ['checkins', 'challenge-checkins.jsonl'],
];
/** users, the feed's files, threads (posts, answers, Markdown), learning's files, the archive. */
const STAGES = 1 + FEED_FILES.length + 1 + LEARNING_FILES.length + 1;

const README = `# Outloud export

JSON Lines, one record per line:

- users.jsonl: people (no passwords, sessions or tokens)
- channels.jsonl, memberships.jsonl
- posts.jsonl, answers.jsonl: live posts and answers (Markdown bodies as written)
- votes.jsonl ("helpful" votes), tags.jsonl (tags in use and how many posts carry each)
- bookmarks.jsonl, follows.jsonl
- goals.jsonl, goal-evidence.jsonl, learning-log.jsonl
- challenges.jsonl, challenge-participants.jsonl, challenge-checkins.jsonl

channels/<slug>.md: each channel's posts, oldest first, with their answers (accepted first).
`;

async function* allEntries(root: string, dir = root): AsyncGenerator<TarEntry> {
  const names = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  for (const entry of names) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* allEntries(root, path);
      continue;
    }
    const info = await stat(path);
    yield {
      name: `outloud-export/${relative(root, path)}`,
      size: info.size,
      path,
      mtime: info.mtime,
    };
  }
}

/**
 * Writes a whole-instance export: each entity page by page (keyset pages from the service that
 * owns it) into its JSON Lines file, each channel's threads into its Markdown file, then one
 * `.tar.gz` of them all, streamed. Memory holds one page and the channels' names, whatever the
 * instance's size. Returns the archive's size in bytes.
 */
export async function writeInstanceExport(run: ExportRun): Promise<number> {
  const { workDir, actor } = run;
  await rm(workDir, { recursive: true, force: true });
  await mkdir(join(workDir, 'channels'), { recursive: true });
  let records = 0;
  let stagesDone = 0;
  const percent = () => Math.min(99, Math.floor((stagesDone / STAGES) * 100));

  async function drain(
    stage: string,
    file: string,
    pager: Pager,
    each?: (page: ExportRecord[]) => Promise<void>,
    lineOf: (record: ExportRecord) => ExportRecord = (r) => r,
  ) {
    await run.onProgress({ stage, percent: percent(), records });
    let after: string | undefined;
    for (;;) {
      if (run.aborted()) throw new Error('export stopped: the gateway is closing');
      const page = await pager(after);
      if (page.items.length) {
        await appendFile(
          join(workDir, file),
          page.items.map((r) => JSON.stringify(lineOf(r)) + '\n').join(''),
        );
        records += page.items.length;
        await each?.(page.items);
        await run.onProgress({ stage, percent: percent(), records });
      }
      if (page.nextAfter === null) break;
      after = page.nextAfter;
    }
    stagesDone++;
  }

  const feedPager =
    (entity: FeedExportEntity): Pager =>
    (after) =>
      run.services.feed.call('exportRecords', { actor, entity, after, limit: PAGE });
  const learningPager =
    (entity: LearningExportEntity): Pager =>
    (after) =>
      run.services.learning.call('exportRecords', { actor, entity, after, limit: PAGE });

  await appendFile(join(workDir, 'README.md'), README);
  await drain('users', 'users.jsonl', (after) => usersPage(run.db, after));

  // The channels' slugs name their Markdown files; a channel's heading opens its file.
  const slugs = new Map<string, string>();
  for (const [entity, file] of FEED_FILES) {
    await drain(entity, file, feedPager(entity), async (items) => {
      if (entity !== 'channels') return;
      for (const c of items as { id: string; slug: string; name: string; description: string }[]) {
        slugs.set(c.id, c.slug);
        await appendFile(join(workDir, 'channels', `${c.slug}.md`), channelHeading(c));
      }
    });
  }

  await drain(
    'posts',
    'posts.jsonl',
    feedPager('threads'),
    async (items) => {
      const answers: string[] = [];
      const markdown = new Map<string, string>();
      for (const item of items) {
        const thread = item as unknown as ThreadRecord & { channelId: string };
        for (const a of thread.answers) answers.push(JSON.stringify(a) + '\n');
        const slug = slugs.get(thread.channelId) ?? thread.channelId;
        markdown.set(slug, (markdown.get(slug) ?? '') + threadMarkdown(thread));
      }
      if (answers.length) await appendFile(join(workDir, 'answers.jsonl'), answers.join(''));
      for (const [slug, text] of markdown) {
        await appendFile(join(workDir, 'channels', `${slug}.md`), text);
      }
    },
    ({ answers: _answers, ...post }) => post,
  );

  for (const [entity, file] of LEARNING_FILES) await drain(entity, file, learningPager(entity));

  await run.onProgress({ stage: 'archive', percent: percent(), records });
  await pipeline(
    Readable.from(tarStream(allEntries(workDir))),
    createGzip(),
    createWriteStream(run.archivePath),
  );
  await rm(workDir, { recursive: true, force: true });
  return (await stat(run.archivePath)).size;
}
