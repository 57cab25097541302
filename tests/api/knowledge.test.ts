import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoredEvents } from '@outloud/bus';
import type {
  Answer,
  AnswerRevisionList,
  Channel,
  FreshnessReport,
  Post,
  PostReviewDueV1,
} from '@outloud/contracts';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

type ErrorReply = {
  error: {
    code: string;
    details?: { duplicateOf?: string; original?: { id: string; title: string } };
  };
};

const DAY_MS = 24 * 60 * 60 * 1000;

describe('knowledge that stays trustworthy', () => {
  let world: ApiWorld;
  let admin: Person;
  let asker: Person;
  let helper: Person;
  let moderator: Person;
  let ld: Person;
  let general: Channel;

  beforeAll(async () => {
    // Everyone here is a day-one account; newcomers' caps are another file's subject.
    world = await apiWorld({ NEWCOMER_HOURS: 0 });
    admin = await world.person();
    asker = await world.person();
    helper = await world.person();
    moderator = await world.person();
    ld = await world.person();
    await world.grantRoles(admin, moderator, ['member', 'moderator']);
    await world.grantRoles(admin, ld, ['member', 'ld']);
    general = (await asker.request<{ items: Channel[] }>('GET', '/channels')).body.items.find(
      (c) => c.slug === 'general',
    )!;
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  const share = async (by: Person, overrides: Record<string, unknown> = {}) => {
    const response = await by.request<{ post: Post }>('POST', '/posts', {
      channelId: general.id,
      kind: 'question',
      title: 'How do I rotate secrets?',
      body: 'Every quarter, by hand?',
      tags: ['security'],
      ...overrides,
    });
    expect(response.status).toBe(201);
    return response.body.post;
  };
  const answer = (by: Person, postId: string, body = 'Use a vault.') =>
    by.request<{ answer: Answer } & ErrorReply>('POST', `/posts/${postId}/answers`, { body });

  describe('duplicates', () => {
    it('the asker closes a question as a duplicate; answers go to the original; reopening lets them in', async () => {
      const original = await share(helper, { title: 'Rotating secrets, the original' });
      const question = await share(asker);
      const closed = await asker.request<{ post: Post }>(
        'POST',
        `/posts/${question.id}/duplicate`,
        { of: original.id },
      );
      expect(closed.status).toBe(200);
      expect(closed.body.post.duplicateOf).toBe(original.id);
      expect(closed.body.post.original).toEqual({
        id: original.id,
        title: 'Rotating secrets, the original',
      });

      const refused = await answer(helper, question.id);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({
        code: 'closed_as_duplicate',
        details: {
          duplicateOf: original.id,
          original: { id: original.id, title: 'Rotating secrets, the original' },
        },
      });

      const reopened = await asker.request<{ post: Post }>(
        'DELETE',
        `/posts/${question.id}/duplicate`,
      );
      expect(reopened.status).toBe(200);
      expect(reopened.body.post.duplicateOf).toBeNull();
      expect((await answer(helper, question.id)).status).toBe(201);
    });

    it('a moderator closes anyone’s question; other members get 403', async () => {
      const original = await share(helper);
      const question = await share(asker);
      const byOther = await helper.request<ErrorReply>('POST', `/posts/${question.id}/duplicate`, {
        of: original.id,
      });
      expect(byOther.status).toBe(403);
      expect((await helper.request('DELETE', `/posts/${question.id}/duplicate`)).status).toBe(403);
      const byModerator = await moderator.request<{ post: Post }>(
        'POST',
        `/posts/${question.id}/duplicate`,
        { of: original.id },
      );
      expect(byModerator.status).toBe(200);
      expect(byModerator.body.post.duplicateOf).toBe(original.id);
      const shown = await helper.request<{ post: Post }>('GET', `/posts/${question.id}`);
      expect(shown.body.post.duplicateOf).toBe(original.id);
    });

    it('refuses tips and a question as its own duplicate with 400', async () => {
      const tip = await share(asker, { kind: 'tip' });
      const question = await share(asker);
      const onTip = await asker.request<ErrorReply>('POST', `/posts/${tip.id}/duplicate`, {
        of: question.id,
      });
      expect(onTip.status).toBe(400);
      expect(onTip.body.error.code).toBe('validation_failed');
      const self = await asker.request('POST', `/posts/${question.id}/duplicate`, {
        of: question.id,
      });
      expect(self.status).toBe(400);
    });
  });

  describe('reviews', () => {
    it('a new tip has its author as review owner and a date from the channel’s period', async () => {
      const before = Date.now();
      const tip = await share(asker, { kind: 'tip', title: 'Rotate with the vault CLI' });
      expect(tip.reviewOwner).toMatchObject({ id: asker.user.id, handle: asker.user.handle });
      const due = Date.parse(tip.reviewDueAt!);
      expect(due).toBeGreaterThanOrEqual(before + 180 * DAY_MS);
      expect(due).toBeLessThanOrEqual(Date.now() + 180 * DAY_MS);
      const question = await share(asker);
      expect(question).toMatchObject({ reviewOwner: null, reviewDueAt: null });
    });

    it('confirm with and without a chosen date, outdated, and who may do it', async () => {
      const tip = await share(asker, { kind: 'tip' });
      const review = (by: Person, body: Record<string, unknown>) =>
        by.request<{ post: Post } & ErrorReply>('PUT', `/posts/${tip.id}/review`, body);

      expect((await review(helper, { action: 'confirm' })).status).toBe(403);
      const outdated = await review(asker, { action: 'outdated' });
      expect(outdated.status).toBe(200);
      expect(outdated.body.post.outdated).toBe(true);

      const before = Date.now();
      const confirmed = await review(asker, { action: 'confirm' });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body.post.outdated).toBe(false);
      expect(Date.parse(confirmed.body.post.reviewDueAt!)).toBeGreaterThanOrEqual(
        before + 180 * DAY_MS,
      );

      const chosen = new Date(Date.now() + 30 * DAY_MS).toISOString();
      const chosenReply = await review(moderator, { action: 'confirm', nextReviewAt: chosen });
      expect(chosenReply.status).toBe(200);
      expect(chosenReply.body.post.reviewDueAt).toBe(chosen);
      const past = await review(asker, {
        action: 'confirm',
        nextReviewAt: new Date(Date.now() - DAY_MS).toISOString(),
      });
      expect(past.status).toBe(400);
      expect(past.body.error.code).toBe('validation_failed');

      const question = await share(asker);
      const notReviewable = await asker.request<ErrorReply>('PUT', `/posts/${question.id}/review`, {
        action: 'confirm',
      });
      expect(notReviewable.status).toBe(409);
      expect(notReviewable.body.error.code).toBe('not_reviewable');
    });

    it('an accepted answer’s author owns the question’s review; handing it over needs the right person', async () => {
      const question = await share(asker);
      const given = (await answer(helper, question.id)).body.answer;
      expect((await asker.request('POST', `/answers/${given.id}/accept`)).status).toBe(200);
      const thread = await asker.request<{ post: Post }>('GET', `/posts/${question.id}`);
      expect(thread.body.post.reviewOwner?.id).toBe(helper.user.id);
      expect(thread.body.post.reviewDueAt).not.toBeNull();

      const byStranger = await ld.request('PUT', `/posts/${question.id}/review-owner`, {
        userId: ld.user.id,
      });
      expect(byStranger.status).toBe(403);
      const handed = await helper.request<{ post: Post }>(
        'PUT',
        `/posts/${question.id}/review-owner`,
        { userId: ld.user.id },
      );
      expect(handed.status).toBe(200);
      expect(handed.body.post.reviewOwner).toMatchObject({
        id: ld.user.id,
        handle: ld.user.handle,
      });
      // The former owner may no longer hand it on; nobody can hand it to someone unknown.
      const byFormer = await helper.request('PUT', `/posts/${question.id}/review-owner`, {
        userId: helper.user.id,
      });
      expect(byFormer.status).toBe(403);
      const byOwner = await ld.request<ErrorReply>('PUT', `/posts/${question.id}/review-owner`, {
        userId: crypto.randomUUID(),
      });
      expect(byOwner.status).toBe(400);
      expect(byOwner.body.error.code).toBe('validation_failed');

      expect((await asker.request('DELETE', `/answers/${given.id}/accept`)).status).toBe(200);
      const withdrawn = await asker.request<{ post: Post }>('GET', `/posts/${question.id}`);
      expect(withdrawn.body.post).toMatchObject({ reviewOwner: null, reviewDueAt: null });
    });

    it('the sweep on its own clock announces a due review exactly once', async () => {
      const tip = await share(asker, { kind: 'tip', title: 'Due in half a year' });
      const dueAt = Date.parse(tip.reviewDueAt!);
      // The outbox is published when flushOutbox resolves, so the stream is then complete.
      const announced = async () => {
        await world.feed.flushOutbox();
        const stored = (await readStoredEvents(
          world.nc,
          world.names,
          world.names.subject('evt.feed.post.review_due'),
        )) as PostReviewDueV1[];
        return stored.filter((e) => e.data.postId === tip.id);
      };
      await world.feed.sweepReviews(new Date(dueAt - DAY_MS));
      expect(await announced()).toEqual([]);
      expect(await world.feed.sweepReviews(new Date(dueAt + DAY_MS))).toBeGreaterThanOrEqual(1);
      expect(await world.feed.sweepReviews(new Date(dueAt + 2 * DAY_MS))).toBe(0);
      const events = await announced();
      expect(events).toHaveLength(1);
      expect(events[0]!.data).toEqual({
        postId: tip.id,
        ownerId: asker.user.id,
        title: 'Due in half a year',
        dueAt: tip.reviewDueAt,
        channel: { id: general.id, visibility: 'public' },
      });
    });
  });

  describe('freshness report', () => {
    it('counts a channel’s reviewed and outdated content for L&D; members get 403', async () => {
      const { body } = await asker.request<{ channel: Channel }>('POST', '/channels', {
        slug: `fresh-${crypto.randomUUID().slice(0, 8)}`,
        name: 'Fresh',
        visibility: 'public',
      });
      const channel = body.channel;
      await share(asker, { kind: 'tip', channelId: channel.id });
      const stale = await share(asker, { kind: 'tip', channelId: channel.id });
      await share(asker, { channelId: channel.id });
      await asker.request('PUT', `/posts/${stale.id}/review`, { action: 'outdated' });

      const report = await ld.request<FreshnessReport>('GET', '/insights/freshness');
      expect(report.status).toBe(200);
      expect(report.body.items.find((i) => i.channel.id === channel.id)).toEqual({
        channel: { id: channel.id, slug: channel.slug, name: 'Fresh', visibility: 'public' },
        reviewPeriodDays: 180,
        reviewed: 2,
        due: 0,
        outdated: 1,
        oldestDueAt: null,
      });
      expect((await admin.request('GET', '/insights/freshness')).status).toBe(200);
      expect((await asker.request('GET', '/insights/freshness')).status).toBe(403);
    });

    it('a channel owner turns reviews off and sets the routing delay', async () => {
      const { body } = await asker.request<{ channel: Channel }>('POST', '/channels', {
        slug: `chat-${crypto.randomUUID().slice(0, 8)}`,
        name: 'Chit-chat',
        visibility: 'public',
      });
      const updated = await asker.request<{ channel: Channel }>(
        'PATCH',
        `/channels/${body.channel.id}`,
        { reviewPeriodDays: null, expertRoutingMinutes: 120 },
      );
      expect(updated.status).toBe(200);
      expect(updated.body.channel).toMatchObject({
        reviewPeriodDays: null,
        expertRoutingMinutes: 120,
      });
      const tip = await share(asker, { kind: 'tip', channelId: body.channel.id });
      expect(tip.reviewDueAt).toBeNull();
      const byOther = await helper.request('PATCH', `/channels/${body.channel.id}`, {
        reviewPeriodDays: 30,
      });
      expect(byOther.status).toBe(403);
    });
  });

  describe('answer edit history', () => {
    it('keeps edits newest first, and removes a version for its author or a moderator only', async () => {
      const question = await share(asker);
      const given = (await answer(helper, question.id, 'first words')).body.answer;
      for (const body of ['second words', 'third words'])
        expect((await helper.request('PATCH', `/answers/${given.id}`, { body })).status).toBe(200);
      const history = await asker.request<AnswerRevisionList>(
        'GET',
        `/answers/${given.id}/revisions`,
      );
      expect(history.status).toBe(200);
      expect(history.body.items.map((r) => r.body)).toEqual(['second words', 'first words']);
      const thread = await asker.request<{ answers: Answer[] }>('GET', `/posts/${question.id}`);
      expect(thread.body.answers[0]).toMatchObject({ body: 'third words', edited: true });

      const [second, first] = history.body.items;
      expect(
        (await asker.request('DELETE', `/answers/${given.id}/revisions/${first!.id}`)).status,
      ).toBe(403);
      expect(
        (await helper.request('DELETE', `/answers/${given.id}/revisions/${first!.id}`)).status,
      ).toBe(204);
      expect(
        (await moderator.request('DELETE', `/answers/${given.id}/revisions/${second!.id}`)).status,
      ).toBe(204);
      const after = await asker.request<AnswerRevisionList>(
        'GET',
        `/answers/${given.id}/revisions`,
      );
      expect(after.body.items).toMatchObject([
        { body: '', redacted: true, redactedBy: { id: moderator.user.id } },
        { body: '', redacted: true, redactedBy: { id: helper.user.id } },
      ]);
    });

    it('hides the history of an answer in a private channel from outsiders', async () => {
      const { body } = await asker.request<{ channel: Channel }>('POST', '/channels', {
        slug: `secret-${crypto.randomUUID().slice(0, 8)}`,
        name: 'Secret',
        visibility: 'private',
      });
      const question = await share(asker, { channelId: body.channel.id });
      const own = (await answer(asker, question.id, 'mine')).body.answer;
      await asker.request('PATCH', `/answers/${own.id}`, { body: 'mine, edited' });
      const outsider = await helper.request<ErrorReply>('GET', `/answers/${own.id}/revisions`);
      expect(outsider.status).toBe(404);
      expect(
        (await asker.request<AnswerRevisionList>('GET', `/answers/${own.id}/revisions`)).body.items,
      ).toHaveLength(1);
    });
  });
});
