import { describe, expect, it } from 'vitest';
import { FeedState, feedWatcher } from './feed.svelte';
import { ids, makePost } from './test-fixtures';

function loadedFeed(): FeedState {
  return new FeedState(() =>
    Promise.resolve({ items: [makePost('b'), makePost('a')], nextCursor: null }),
  );
}

describe('FeedState and posts that arrive live', () => {
  it('holds them back instead of moving the list, then shows them newest first', async () => {
    const feed = loadedFeed();
    await feed.loadFirst();
    feed.hold(makePost('c'));
    feed.hold(makePost('d'));
    expect(ids(feed.items)).toEqual(['b', 'a']);
    expect(ids(feed.pending)).toEqual(['d', 'c']);
    feed.showPending();
    expect(ids(feed.items)).toEqual(['d', 'c', 'b', 'a']);
    expect(feed.pending).toEqual([]);
  });

  it('ignores posts already listed or already held', async () => {
    const feed = loadedFeed();
    await feed.loadFirst();
    feed.hold(makePost('a'));
    feed.hold(makePost('c'));
    feed.hold(makePost('c'));
    expect(ids(feed.pending)).toEqual(['c']);
  });

  it('shows our own post at once and forgets a held copy of it', async () => {
    const feed = loadedFeed();
    await feed.loadFirst();
    feed.hold(makePost('mine'));
    feed.add(makePost('mine'));
    expect(ids(feed.items)).toEqual(['mine', 'b', 'a']);
    expect(feed.pending).toEqual([]);
  });

  it('drops a held post that is deleted before it is shown', async () => {
    const feed = loadedFeed();
    await feed.loadFirst();
    feed.hold(makePost('c'));
    feed.remove('c');
    expect(feed.pending).toEqual([]);
  });

  it('starts again from the first page on a reload', async () => {
    const feed = loadedFeed();
    await feed.loadFirst();
    feed.hold(makePost('c'));
    await feed.reload();
    expect(ids(feed.items)).toEqual(['b', 'a']);
    expect(feed.pending).toEqual([]);
  });
});

describe('feedWatcher', () => {
  it('holds new posts only while the view takes them, and acts on the feed shown at the time', async () => {
    const first = loadedFeed();
    const second = loadedFeed();
    await Promise.all([first.loadFirst(), second.loadFirst()]);
    let shown = first;
    let takesNewPosts = true;
    const errors: string[] = [];
    const watcher = feedWatcher({
      feed: () => shown,
      takesNewPosts: () => takesNewPosts,
      onError: (message) => errors.push(message),
    });

    watcher.onPost(makePost('c'));
    takesNewPosts = false;
    watcher.onPost(makePost('d'));
    expect(ids(first.pending)).toEqual(['c']);

    shown = second;
    watcher.onDelete?.('a');
    expect(ids(second.items)).toEqual(['b']);
    expect(ids(first.items)).toEqual(['b', 'a']);
    watcher.onError('refused');
    expect(errors).toEqual(['refused']);
  });
});
