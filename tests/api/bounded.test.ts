import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Answer,
  AnswerPage,
  Channel,
  FeedPage,
  Post,
  PostWithAnswers,
  RevisionList,
} from '@outloud/contracts';
import { createDb } from '@outloud/db';
import { sql } from 'kysely';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

type ErrorReply = { error: { code: string; message: string } };

/** Random CJK ideographs: three bytes each in UTF-8, and they barely compress. */
const cjk = (length: number) =>
  String.fromCodePoint(...Array.from({ length }, () => 0x4e00 + randomInt(0x5000)));

const chars = (text: string) => [...text].length;

describe('bounded by design: no list or thread outgrows the bus', () => {
  let world: ApiWorld;
  let admin: Person;
  let author: Person;
  let reader: Person;
  let stranger: Person;
  let channel: Channel;

  beforeAll(async () => {
    world = await apiWorld({ RATE_WRITES_PER_MINUTE: 1_000_000 });
    admin = await world.person();
    author = await world.person();
    reader = await world.person();
    stranger = await world.person();
    const created = await author.request<{ channel: Channel }>('POST', '/channels', {
      slug: `long-${randomInt(1e9)}`,
      name: 'Long posts',
      visibility: 'public',
    });
    expect(created.status).toBe(201);
    channel = created.body.channel;
  });
  afterAll(async () => {
    if (!world) return;
    // Meilisearch takes a while over long CJK texts; let it finish before the world deletes its
    // indexes (which waits for the queue only briefly).
    const { tasks } = world.search.meili;
    for (let idle = 0; idle < 2;) {
      const pending = await tasks.getTasks({
        statuses: ['enqueued', 'processing'],
        indexUids: [world.names.index('posts'), world.names.index('people')],
      });
      const last = pending.results.at(0);
      if (!last) {
        idle++;
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      idle = 0;
      await tasks.waitForTask(last.uid, { timeout: 120_000 });
    }
    await world[Symbol.asyncDispose]();
  }, 240_000);

  const post = async (by: Person, body: string, overrides: Record<string, unknown> = {}) => {
    const response = await by.request<{ post: Post }>('POST', '/posts', {
      channelId: channel.id,
      kind: 'question',
      title: 'A long question',
      body,
      ...overrides,
    });
    expect(response.status).toBe(201);
    return response.body.post;
  };

  const answer = async (by: Person, postId: string, body: string) => {
    const response = await by.request<{ answer: Answer }>('POST', `/posts/${postId}/answers`, {
      body,
    });
    expect(response.status).toBe(201);
    return response.body.answer;
  };

  /** Every answer of a thread: the first ones, then the pages after `answersCursor`. */
  const wholeThread = async (by: Person, postId: string, limit?: number) => {
    const thread = await by.request<PostWithAnswers>('GET', `/posts/${postId}`);
    expect(thread.status).toBe(200);
    const pages = [thread.body.answers];
    let cursor = thread.body.answersCursor;
    while (cursor !== null) {
      const query = new URLSearchParams({ cursor, ...(limit ? { limit: String(limit) } : {}) });
      const page = await by.request<AnswerPage>(
        'GET',
        `/posts/${postId}/answers?${query.toString()}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeGreaterThan(0);
      pages.push(page.body.items);
      cursor = page.body.nextCursor;
    }
    return { thread: thread.body, pages, answers: pages.flat() };
  };

  describe('eight posts of 39,000 random CJK characters', () => {
    const bodies = new Map<string, string>();

    beforeAll(async () => {
      for (let i = 0; i < 8; i++) {
        const body = cjk(39_000);
        const created = await post(author, body, { title: `Long question ${i}` });
        bodies.set(created.id, body);
        expect((await reader.request('PUT', `/posts/${created.id}/bookmark`)).status).toBe(204);
      }
    });

    const expectExcerpts = (items: Post[]) => {
      const long = items.filter((p) => bodies.has(p.id));
      expect(long).toHaveLength(8);
      for (const item of long) {
        expect(item.truncated).toBe(true);
        expect(chars(item.body)).toBeLessThanOrEqual(2_000);
        expect(bodies.get(item.id)!.startsWith(item.body)).toBe(true);
        expect(item.bodyHtml).toContain(item.body.slice(0, 100));
        expect(item.bodyHtml.length).toBeLessThan(3_000);
      }
    };

    it('GET /feed answers 200 with excerpts in every sort, with and without the channel', async () => {
      for (const sort of ['new', 'top', 'unanswered'])
        for (const filter of [`&channelId=${channel.id}`, '']) {
          const page = await reader.request<FeedPage>(
            'GET',
            `/feed?sort=${sort}&limit=100${filter}`,
          );
          expect(page.status, `${sort}${filter}`).toBe(200);
          expectExcerpts(page.body.items);
        }
    });

    it('profiles and bookmarks carry excerpts too', async () => {
      const profile = await reader.request<FeedPage>(
        'GET',
        `/feed?author=${author.user.handle}&limit=100`,
      );
      expect(profile.status).toBe(200);
      expectExcerpts(profile.body.items);
      const bookmarks = await reader.request<FeedPage>('GET', '/bookmarks?limit=100');
      expect(bookmarks.status).toBe(200);
      expectExcerpts(bookmarks.body.items);
    });

    it('GET /posts/:id keeps the whole post', async () => {
      const [id, body] = [...bodies][0]!;
      const read = await reader.request<PostWithAnswers>('GET', `/posts/${id}`);
      expect(read.status).toBe(200);
      expect(read.body.post.body).toBe(body);
      expect(read.body.post.truncated).toBeUndefined();
    });

    it('short posts are whole in lists, without truncated', async () => {
      const short = await post(author, 'Short and sweet', { kind: 'tip' });
      const page = await reader.request<FeedPage>('GET', `/feed?channelId=${channel.id}`);
      const item = page.body.items.find((p) => p.id === short.id)!;
      expect(item.body).toBe('Short and sweet');
      expect(item.truncated).toBeUndefined();
    });
  });

  it('an excerpt never ends inside an open code fence', async () => {
    const fenced = await post(
      author,
      `Setup:\n\n\`\`\`sh\n${'echo hello world\n'.repeat(300)}\`\`\``,
      {
        kind: 'tip',
      },
    );
    const page = await reader.request<FeedPage>('GET', `/feed?channelId=${channel.id}&limit=100`);
    const item = page.body.items.find((p) => p.id === fenced.id)!;
    expect(item.truncated).toBe(true);
    expect(item.body.trimEnd().endsWith('```')).toBe(true);
    expect(item.bodyHtml).toContain('</code></pre>');
    expect(item.bodyHtml).not.toContain('```');
  });

  it('eight answers of 39,000 CJK characters: the thread answers 200 and the rest come in pages', async () => {
    const question = await post(author, 'Which of these long answers is right?');
    const written: string[] = [];
    for (let i = 0; i < 8; i++)
      written.push((await answer(i % 2 ? reader : admin, question.id, cjk(39_000))).id);
    const { thread, pages, answers } = await wholeThread(reader, question.id);
    expect(thread.answers.length).toBeGreaterThanOrEqual(1);
    expect(thread.answers.length).toBeLessThan(8);
    expect(thread.answersCursor).not.toBeNull();
    expect(pages.length).toBeGreaterThan(1);
    // Whole answers, each once, in the thread's order (oldest first when none is accepted).
    expect(answers.map((a) => a.id)).toEqual(written);
    expect(answers.every((a) => chars(a.body) === 39_000)).toBe(true);
  });

  it('sixty small answers: fifty with the thread, the accepted one first, then the other ten', async () => {
    const question = await post(author, 'Sixty answers, please');
    const written: string[] = [];
    for (let i = 0; i < 60; i++)
      written.push((await answer(i % 2 ? reader : admin, question.id, `Answer ${i}`)).id);
    const accepted = written[42]!;
    expect((await author.request('POST', `/answers/${accepted}/accept`)).status).toBe(200);

    const { thread, pages, answers } = await wholeThread(reader, question.id);
    expect(thread.answers).toHaveLength(50);
    expect(thread.answers[0]!.id).toBe(accepted);
    expect(pages.map((p) => p.length)).toEqual([50, 10]);
    expect(answers.map((a) => a.id)).toEqual([
      accepted,
      ...written.filter((id) => id !== accepted),
    ]);
    // Smaller pages walk the same order.
    const small = await wholeThread(reader, question.id, 7);
    expect(small.answers.map((a) => a.id)).toEqual(answers.map((a) => a.id));
  });

  it('pages answers only for those who may see the post, and refuses bad cursors', async () => {
    const secret = await author.request<{ channel: Channel }>('POST', '/channels', {
      slug: `secret-${randomInt(1e9)}`,
      name: 'Secret',
      visibility: 'private',
    });
    const hidden = await post(author, 'Hidden question', { channelId: secret.body.channel.id });
    await answer(author, hidden.id, 'Only for members');
    expect((await stranger.request('GET', `/posts/${hidden.id}/answers`)).status).toBe(404);
    const own = await author.request<AnswerPage>('GET', `/posts/${hidden.id}/answers`);
    expect(own.status).toBe(200);
    expect(own.body.items).toHaveLength(1);
    expect(own.body.nextCursor).toBeNull();

    const crafted = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    const badAnswers = await author.request<ErrorReply>(
      'GET',
      `/posts/${hidden.id}/answers?cursor=${crafted(['answers', false, 0, '-100000-01-01T00:00:00Z', hidden.id])}`,
    );
    expect(badAnswers.status).toBe(400);
    expect(badAnswers.body.error.code).toBe('validation_failed');
  });

  it('a crafted feed cursor is a 400, never a 500', async () => {
    const crafted = Buffer.from(
      JSON.stringify(['new', '-100000-01-01T00:00:00Z', '00000000-0000-0000-0000-000000000000']),
    ).toString('base64url');
    for (const url of [
      `/feed?cursor=${crafted}`,
      `/feed?sort=new&channelId=${channel.id}&cursor=${crafted}`,
      `/feed?sort=top&cursor=${Buffer.from('["top",1e999,"00000000-0000-0000-0000-000000000000"]').toString('base64url')}`,
      `/bookmarks?cursor=${Buffer.from(JSON.stringify(['bookmarks', '+275760-09-13T00:00:00Z', '00000000-0000-0000-0000-000000000000'])).toString('base64url')}`,
    ]) {
      const response = await reader.request<ErrorReply>('GET', url);
      expect(response.status, url).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
  });

  it('10,000 channels with long descriptions: GET /channels stays within bounds, joined first', async () => {
    const db = createDb<unknown>({ url: world.database.url, max: 1 });
    try {
      await sql`insert into feed.channels (id, slug, name, description, visibility, created_at)
        select gen_random_uuid(), 'bulk-' || n, 'Bulk ' || n, repeat('说', 500), 'public', now()
        from generate_series(1, 10000) n`.execute(db);
    } finally {
      await db.destroy();
    }
    const list = await reader.request<{ items: Channel[] }>('GET', '/channels');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.length).toBeLessThanOrEqual(500);
    const firstOther = list.body.items.findIndex((c) => !c.isMember);
    expect(firstOther).toBeGreaterThan(0);
    expect(list.body.items.slice(firstOther).every((c) => !c.isMember)).toBe(true);
    expect(list.body.items.some((c) => c.slug === 'general')).toBe(true);
  });

  describe('removing a version from the edit history', () => {
    const secretText = 'my password is hunter2';

    const edited = async () => {
      const created = await post(author, `Connect with ${secretText}`, { kind: 'tip' });
      const edit = await author.request('PATCH', `/posts/${created.id}`, {
        body: 'Connect with the password from the vault',
      });
      expect(edit.status).toBe(200);
      const history = await reader.request<RevisionList>('GET', `/posts/${created.id}/revisions`);
      expect(history.body.items).toHaveLength(1);
      expect(history.body.items[0]!.body).toContain(secretText);
      return { post: created, revisionId: history.body.items[0]!.id };
    };

    it('the author removes it: the history keeps a marked row without the text', async () => {
      const { post: tip, revisionId } = await edited();
      const removed = await author.request('DELETE', `/posts/${tip.id}/revisions/${revisionId}`);
      expect(removed.status).toBe(204);
      const history = await reader.request<RevisionList>('GET', `/posts/${tip.id}/revisions`);
      expect(history.status).toBe(200);
      expect(JSON.stringify(history.body)).not.toContain('hunter2');
      expect(history.body.items[0]).toMatchObject({
        id: revisionId,
        redacted: true,
        title: '',
        body: '',
        redactedBy: { id: author.user.id },
      });
      // Again: nothing left to remove, still fine.
      expect(
        (await author.request('DELETE', `/posts/${tip.id}/revisions/${revisionId}`)).status,
      ).toBe(204);
    });

    it('an admin may remove it; another reader may not; unknown versions are 404', async () => {
      const { post: tip, revisionId } = await edited();
      const refused = await stranger.request<ErrorReply>(
        'DELETE',
        `/posts/${tip.id}/revisions/${revisionId}`,
      );
      expect(refused.status).toBe(403);
      const still = await reader.request<RevisionList>('GET', `/posts/${tip.id}/revisions`);
      expect(still.body.items[0]!.body).toContain(secretText);
      expect((await admin.request('DELETE', `/posts/${tip.id}/revisions/${tip.id}`)).status).toBe(
        404,
      );
      expect(
        (await admin.request('DELETE', `/posts/${tip.id}/revisions/${revisionId}`)).status,
      ).toBe(204);
      const history = await reader.request<RevisionList>('GET', `/posts/${tip.id}/revisions`);
      expect(history.body.items[0]).toMatchObject({
        redacted: true,
        redactedBy: { id: admin.user.id },
      });
    });

    it('is 404 for a post the person cannot see', async () => {
      const secret = await author.request<{ channel: Channel }>('POST', '/channels', {
        slug: `vault-${randomInt(1e9)}`,
        name: 'Vault',
        visibility: 'private',
      });
      const hidden = await post(author, secretText, {
        kind: 'tip',
        channelId: secret.body.channel.id,
      });
      await author.request('PATCH', `/posts/${hidden.id}`, { body: 'gone' });
      const history = await author.request<RevisionList>('GET', `/posts/${hidden.id}/revisions`);
      const revisionId = history.body.items[0]!.id;
      expect(
        (await stranger.request('DELETE', `/posts/${hidden.id}/revisions/${revisionId}`)).status,
      ).toBe(404);
    });

    it('pages a long history', async () => {
      const tip = await post(author, 'Version 0', { kind: 'tip' });
      for (let i = 1; i <= 3; i++)
        expect(
          (await author.request('PATCH', `/posts/${tip.id}`, { body: `Version ${i}` })).status,
        ).toBe(200);
      const seen: string[] = [];
      let cursor: string | null | undefined = null;
      do {
        const query: string = cursor ? `&cursor=${cursor}` : '';
        const page = await reader.request<RevisionList>(
          'GET',
          `/posts/${tip.id}/revisions?limit=2${query}`,
        );
        expect(page.status).toBe(200);
        seen.push(...page.body.items.map((r) => r.body));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['Version 2', 'Version 1', 'Version 0']);
    });

    it('refuses to remove the current text this way', async () => {
      const tip = await post(author, `Still here: ${secretText}`, { kind: 'tip' });
      // Only the tags change, so the kept version holds the same text as the post now.
      expect((await author.request('PATCH', `/posts/${tip.id}`, { tags: ['ops'] })).status).toBe(
        200,
      );
      const history = await author.request<RevisionList>('GET', `/posts/${tip.id}/revisions`);
      const refused = await author.request<ErrorReply>(
        'DELETE',
        `/posts/${tip.id}/revisions/${history.body.items[0]!.id}`,
      );
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('current_revision');
    });
  });
});
