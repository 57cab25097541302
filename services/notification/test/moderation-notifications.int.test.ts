import type { Actor, Channel, FeedEventData, Notification, Post } from '@outloud/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyWorld, type NotifyWorld } from './notify-world.js';

type ModerationApplied = FeedEventData<'feed.moderation.applied.v1'>;

describe('notifications of moderation and reviews', () => {
  let world: NotifyWorld;
  let lead: Actor;
  let moderator: Actor;
  let open: Channel;

  beforeAll(async () => {
    world = await notifyWorld({ name: 'notify-moderation' });
    lead = world.member('lead');
    moderator = world.member('moderator', ['member', 'moderator']);
    open = await world.channel(lead, 'public');
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  const about = async (who: Actor, postId: string, type?: Notification['type']) =>
    (await world.list(who)).items.filter(
      (n) => n.postId === postId && (type === undefined || n.type === type),
    );
  const moderate = (
    post: Post,
    action: ModerationApplied['action'],
    people: { flaggers: Actor[]; reason?: string; answerId?: string },
  ) =>
    world.publish(
      'feed.moderation.applied.v1',
      {
        action,
        targetType: people.answerId ? 'answer' : 'post',
        targetId: people.answerId ?? post.id,
        postId: post.id,
        authorId: post.author.id,
        flaggerIds: people.flaggers.map((f) => f.id),
        reason: people.reason ?? null,
        channel: { id: open.id, visibility: 'public' },
      },
      moderator,
    );

  it('tells the author what a moderator did and why, and the flaggers what was done, once', async () => {
    const author = world.member();
    const [flagger, other, quiet, suspended] = [1, 2, 3, 4].map(() => world.member());
    await world.notifications.call('setPreferences', {
      actor: quiet!,
      input: { types: { flag_resolved: false } },
    });
    await world.setStatus(suspended!, 'suspended');
    const post = await world.post(author, open, { kind: 'tip', title: 'Buy cheap watches' });

    const hidden = await moderate(post, 'hide', {
      flaggers: [flagger!, other!, quiet!, suspended!, moderator],
      reason: 'Advertising',
    });
    // Delivered again, as after a crash before the ack: nothing new. (The dismissal after it,
    // of the same post and so handled after it, tells nobody; it marks when both are done.)
    await world.redeliver(hidden);
    await moderate(post, 'dismiss', { flaggers: [] });

    const [toAuthor] = await about(author, post.id, 'flag_resolved');
    expect(toAuthor).toMatchObject({
      type: 'flag_resolved',
      actor: null,
      detail: { action: 'hide', reason: 'Advertising' },
      post: { id: post.id, title: 'Buy cheap watches', kind: 'tip' },
    });
    const toFlagger = await about(flagger!, post.id, 'flag_resolved');
    // The hidden post's notification stays for the people it is about.
    expect(toFlagger.map((n) => n.detail)).toEqual([{ action: 'hide' }]);
    expect(await about(other!, post.id)).toHaveLength(1);
    expect(await about(quiet!, post.id)).toEqual([]);
    expect(await about(suspended!, post.id)).toEqual([]);
    expect(await about(moderator, post.id)).toEqual([]);
    // The author, the flagger and the other flagger: one each.
    expect(await world.stored(post.id, 'flag_resolved')).toHaveLength(3);
  });

  it('tells only the flaggers of a dismissal, and the author of a deletion even after the post is gone', async () => {
    const author = world.member();
    const flagger = world.member();
    const kept = await world.post(author, open);
    await moderate(kept, 'dismiss', { flaggers: [flagger], reason: 'Fine as it is' });
    expect(await about(author, kept.id)).toEqual([]);
    const [dismissed] = await about(flagger, kept.id);
    expect(dismissed?.detail).toEqual({ action: 'dismiss' });

    const removed = await world.post(author, open);
    await world.publish('feed.post.deleted.v1', {
      postId: removed.id,
      authorId: author.id,
      channel: { id: open.id, visibility: 'public' },
      version: 2,
    });
    await moderate(removed, 'delete', { flaggers: [flagger], reason: 'Harassment' });
    expect((await about(author, removed.id)).map((n) => n.detail)).toEqual([
      { action: 'delete', reason: 'Harassment' },
    ]);
    expect((await about(flagger, removed.id)).map((n) => n.detail)).toEqual([{ action: 'delete' }]);
  });

  it('asks a review’s owner once per review date', async () => {
    const owner = world.member();
    const tip = await world.post(owner, open, { kind: 'tip', title: 'Use the staging VPN' });
    const due = {
      postId: tip.id,
      ownerId: owner.id,
      title: tip.title,
      dueAt: world.now().toISOString(),
      channel: { id: open.id, visibility: 'public' as const },
    };
    await world.publish('feed.post.review_due.v1', due);
    await world.publish('feed.post.review_due.v1', due);
    const asked = await about(owner, tip.id, 'review_due');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ actor: null, post: { id: tip.id, kind: 'tip' } });

    // Hidden content is not reviewed.
    const hidden = await world.post(owner, open, { kind: 'tip' });
    await world.updatePost(hidden, open, { hidden: true });
    await world.publish('feed.post.review_due.v1', { ...due, postId: hidden.id });
    expect(await world.stored(hidden.id, 'review_due')).toEqual([]);
  });

  it('leaves hidden content’s notifications out for everyone but its author and moderators, and brings them back on restore', async () => {
    const author = world.member();
    const reader = world.member();
    const helper = world.member();
    const team = await world.channel(lead, 'private', [author, reader, helper, moderator]);
    const post = await world.post(author, team, {
      title: 'Where are the release notes?',
      mentions: [reader.handle, moderator.handle],
    });
    await world.answer(post, team, helper);
    const unread = async (who: Actor) => (await world.list(who)).unreadCount;
    expect(await about(reader, post.id, 'mention')).toHaveLength(1);
    const readerUnread = await unread(reader);
    expect(await about(author, post.id, 'answer')).toHaveLength(1);
    const digest = () => world.notifications.call('digestPreview', { actor: reader });
    expect((await digest()).text).toContain('Where are the release notes?');

    const hidden = await world.updatePost(post, team, { hidden: true }, moderator);
    expect(await about(reader, post.id)).toEqual([]);
    expect(await unread(reader)).toBe(readerUnread - 1);
    // Its author and moderators still see them.
    expect(await about(author, post.id, 'answer')).toHaveLength(1);
    expect(await about(moderator, post.id, 'mention')).toHaveLength(1);
    // Nor does hidden content notify anyone: a new answer tells its author nothing.
    await world.answer(hidden, team, world.member());
    expect(await about(author, post.id, 'answer')).toHaveLength(1);
    // The digest leaves it out too.
    expect((await digest()).text).not.toContain('Where are the release notes?');

    await world.updatePost(hidden, team, { hidden: false }, moderator);
    expect(await about(reader, post.id, 'mention')).toHaveLength(1);
    expect(await unread(reader)).toBe(readerUnread);
  });

  it('leaves a hidden answer’s notifications out for everyone but its author and moderators', async () => {
    const asker = world.member();
    const reader = world.member();
    const answerer = world.member();
    const question = await world.post(asker, open);
    const answer = await world.answer(question, open, answerer, { mentions: [reader.handle] });
    expect(await about(asker, question.id, 'answer')).toHaveLength(1);
    expect(await about(reader, question.id, 'mention')).toHaveLength(1);

    await world.publish(
      'feed.answer.updated.v1',
      {
        answer: { ...answer, hidden: true },
        post: question,
        channel: { id: open.id, visibility: 'public' },
        version: 3,
      },
      moderator,
    );
    expect(await about(asker, question.id)).toEqual([]);
    expect(await about(reader, question.id)).toEqual([]);
    expect(await about({ ...asker, roles: ['member', 'moderator'] }, question.id)).toHaveLength(1);
  });
});
