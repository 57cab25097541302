import type { Badge, FeedEvent } from '@outloud/contracts';
import { describe, expect, it } from 'vitest';
import type { AuthorBadges } from '../learning/badges.js';
import { feedEmissions, type Emission } from './feed-emissions.js';
import { createBadgedDelivery } from './live-badges.js';

function postCreated(authorId: string, title: string): Emission[] {
  const at = '2026-12-07T10:00:00.000Z';
  const event = {
    id: crypto.randomUUID(),
    type: 'feed.post.created.v1',
    occurredAt: at,
    actor: null,
    data: {
      post: {
        id: crypto.randomUUID(),
        channelId: crypto.randomUUID(),
        kind: 'tip',
        title,
        body: 'Body',
        bodyHtml: '<p>Body</p>',
        tags: [],
        author: { id: authorId, handle: 'someone', displayName: 'Someone' },
        score: 0,
        answerCount: 0,
        acceptedAnswerId: null,
        createdAt: at,
        updatedAt: at,
      },
      visibility: 'public',
      version: 1,
    },
  } as unknown as FeedEvent;
  return feedEmissions(event);
}

/** What went out, in order: each post's title and its author's badges. */
function recorder() {
  const sent: { title: string; badges: Badge[] | undefined }[] = [];
  const send = (emissions: readonly Emission[]) => {
    for (const e of emissions) {
      if (e.event === 'post:created') {
        sent.push({ title: e.payload.post.title, badges: e.payload.post.author.badges });
      }
    }
  };
  return { sent, send };
}

const ignore = () => undefined;

describe('createBadgedDelivery', () => {
  it('sends a post without badges when the lookup never answers', async () => {
    const { sent, send } = recorder();
    const errors: unknown[] = [];
    const hung: AuthorBadges = () => new Promise(() => undefined);
    const delivery = createBadgedDelivery({
      badges: hung,
      send,
      onLookupError: (error) => errors.push(error),
      onSendError: ignore,
      waitMs: 5,
    });
    delivery.deliver(postCreated('a', 'First'), '1');
    await delivery.drained();
    expect(sent).toEqual([{ title: 'First', badges: undefined }]);
    expect(errors).toHaveLength(1);
  });

  it('looks up every event at once and still sends them in stream order', async () => {
    const { sent, send } = recorder();
    const asked: string[][] = [];
    const answers: (() => void)[] = [];
    const badges: AuthorBadges = (ids) => {
      asked.push([...ids]);
      return new Promise((resolve) => {
        answers.push(() => resolve(new Map([[ids[0]!, ['ld']]])));
      });
    };
    const delivery = createBadgedDelivery({
      badges,
      send,
      onLookupError: ignore,
      onSendError: ignore,
      waitMs: 60_000,
    });
    delivery.deliver(postCreated('a', 'First'), '1');
    delivery.deliver(postCreated('b', 'Second'), '2');
    // The second lookup did not wait for the first one to answer.
    expect(asked).toEqual([['a'], ['b']]);
    answers[1]!();
    answers[0]!();
    await delivery.drained();
    expect(sent).toEqual([
      { title: 'First', badges: ['ld'] },
      { title: 'Second', badges: ['ld'] },
    ]);
  });

  it('sends as they are when there is no badge lookup', async () => {
    const { sent, send } = recorder();
    const delivery = createBadgedDelivery({ send, onLookupError: ignore, onSendError: ignore });
    delivery.deliver(postCreated('a', 'Plain'), '1');
    await delivery.drained();
    expect(sent).toEqual([{ title: 'Plain', badges: undefined }]);
  });
});
