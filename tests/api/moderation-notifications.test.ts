import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, Channel, NotificationList, Post } from '@outloud/contracts';
import { eventually } from '@outloud/testkit';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

type Item = NotificationList['items'][number];

/**
 * Notifications follow moderation: hidden content's notifications leave everyone's list and
 * unread count but its author's and moderators', and come back on restore; a moderator's action
 * reaches the author (with the reason) and the flaggers (without it).
 */
describe('notifications under moderation, through the API', () => {
  let world: ApiWorld;
  let admin: Person;
  let moderator: Person;
  let author: Person;
  let reader: Person;
  let helper: Person;
  let flagger: Person;
  let general: Channel;

  beforeAll(async () => {
    // Everyone here is a day-one account; newcomers' caps are another file's subject.
    world = await apiWorld({ NEWCOMER_HOURS: 0 });
    admin = await world.person();
    moderator = await world.person();
    author = await world.person();
    reader = await world.person();
    helper = await world.person();
    flagger = await world.person();
    await world.grantRoles(admin, moderator, ['member', 'moderator']);
    const channels = await admin.request<{ items: Channel[] }>('GET', '/channels');
    general = channels.body.items.find((c) => c.slug === 'general')!;
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  const list = async (who: Person) =>
    (await who.request<NotificationList>('GET', '/notifications')).body;
  const about = async (who: Person, postId: string, type?: Item['type']) =>
    (await list(who)).items.filter((n) => n.postId === postId && (!type || n.type === type));
  /** Waits until `who`'s notifications about `postId` of `type` number `count`; returns them. */
  const until = (who: Person, postId: string, type: Item['type'], count: number) =>
    eventually(
      async () => {
        const found = await about(who, postId, type);
        return found.length === count ? found : undefined;
      },
      { what: `${count} ${type} notification(s)` },
    );
  const moderate = async (
    targetType: 'post' | 'answer',
    targetId: string,
    action: string,
    reason?: string,
  ) => {
    const reply = await moderator.request('POST', '/moderation/actions', {
      targetType,
      targetId,
      action,
      ...(reason ? { reason } : {}),
    });
    expect(reply.status).toBe(200);
  };

  it('hides a post’s notifications from everyone but its author and moderators, tells author and flagger, and brings them back on restore', async () => {
    const post = (
      await author.request<{ post: Post }>('POST', '/posts', {
        channelId: general.id,
        kind: 'question',
        title: 'Cheap licences, ask me how',
        body: `@${reader.user.handle} @${moderator.user.handle} have a look`,
      })
    ).body.post;
    await helper.request('POST', `/posts/${post.id}/answers`, { body: 'Interesting.' });
    await until(reader, post.id, 'mention', 1);
    await until(moderator, post.id, 'mention', 1);
    await until(author, post.id, 'answer', 1);
    const readerUnread = (await list(reader)).unreadCount;

    const flagged = await flagger.request('POST', '/flags', {
      targetType: 'post',
      targetId: post.id,
      reason: 'spam',
    });
    expect(flagged.status).toBe(201);
    await moderate('post', post.id, 'hide', 'Selling licences');

    const [toAuthor] = await until(author, post.id, 'flag_resolved', 1);
    expect(toAuthor?.detail).toEqual({ action: 'hide', reason: 'Selling licences' });
    const [toFlagger] = await until(flagger, post.id, 'flag_resolved', 1);
    expect(toFlagger?.detail).toEqual({ action: 'hide' });
    await until(reader, post.id, 'mention', 0);
    expect(await about(reader, post.id)).toEqual([]);
    expect((await list(reader)).unreadCount).toBe(readerUnread - 1);
    // Its author and moderators still see what they were told about it.
    expect(await about(author, post.id, 'answer')).toHaveLength(1);
    expect(await about(moderator, post.id, 'mention')).toHaveLength(1);
    // Nor does the reader's digest mention it.
    const digest = (await reader.request<{ text: string }>('GET', '/notifications/digest/preview'))
      .body;
    expect(digest.text).not.toContain('Cheap licences');

    await moderate('post', post.id, 'restore', 'Was a joke');
    await until(reader, post.id, 'mention', 1);
    expect((await list(reader)).unreadCount).toBe(readerUnread);
    const told = await until(author, post.id, 'flag_resolved', 2);
    expect(told.map((n) => n.detail)).toEqual([
      { action: 'restore', reason: 'Was a joke' },
      { action: 'hide', reason: 'Selling licences' },
    ]);
    // The flag was resolved by the hiding: the restore tells the flagger nothing more.
    expect(await about(flagger, post.id, 'flag_resolved')).toHaveLength(1);
  });

  it('leaves a hidden answer’s notifications out for the asker and the people it names, tells its author why, and restores them', async () => {
    const question = (
      await author.request<{ post: Post }>('POST', '/posts', {
        channelId: general.id,
        kind: 'question',
        title: 'Which monitor arm fits a 34 inch screen?',
        body: 'Mine wobbles.',
      })
    ).body.post;
    const answer = (
      await helper.request<{ answer: Answer }>('POST', `/posts/${question.id}/answers`, {
        body: `Ask @${reader.user.handle}, or buy from my shop.`,
      })
    ).body.answer;
    await until(author, question.id, 'answer', 1);
    await until(reader, question.id, 'mention', 1);

    await moderate('answer', answer.id, 'hide', 'Advertising');
    await until(author, question.id, 'answer', 0);
    await until(reader, question.id, 'mention', 0);
    const [toHelper] = await until(helper, question.id, 'flag_resolved', 1);
    expect(toHelper).toMatchObject({
      answerId: answer.id,
      detail: { action: 'hide', reason: 'Advertising' },
    });

    await moderate('answer', answer.id, 'restore');
    await until(author, question.id, 'answer', 1);
    await until(reader, question.id, 'mention', 1);
  });
});
