import type { LiveEventPage } from './notification-types';
import { describe, expect, it } from 'vitest';
import { Live, type LiveSocket, type LiveStatus } from './live';
import { makePost } from './test-fixtures';

type Handler = (payload: unknown) => void;

/**
 * A stand-in for the socket.io client with the few members Live uses: the server side of the
 * conversation is played by the test (`serverEmit`, `drop`, `reconnect`).
 */
class FakeSocket {
  connected = false;
  readonly sent: [string, unknown][] = [];
  readonly #handlers = new Map<string, Handler[]>();

  on(event: string, handler: Handler): this {
    this.#handlers.set(event, [...(this.#handlers.get(event) ?? []), handler]);
    return this;
  }

  emit(event: string, payload: unknown): this {
    this.sent.push([event, payload]);
    return this;
  }

  connect(): this {
    this.connected = true;
    this.serverEmit('connect', undefined);
    return this;
  }

  disconnect(): this {
    this.connected = false;
    this.serverEmit('disconnect', 'io client disconnect');
    return this;
  }

  drop(): void {
    this.connected = false;
    this.serverEmit('disconnect', 'transport close');
  }

  serverEmit(event: string, payload: unknown): void {
    for (const handler of this.#handlers.get(event) ?? []) handler(payload);
  }
}

function setUp(pages: LiveEventPage[] = []) {
  const socket = new FakeSocket();
  const statuses: LiveStatus[] = [];
  const asked: string[] = [];
  const live = new Live({
    socket: socket as unknown as LiveSocket,
    onStatus: (status) => statuses.push(status),
    replay: (since) => {
      asked.push(since);
      const page = pages.shift();
      return page === undefined ? Promise.reject(new Error('no page')) : Promise.resolve(page);
    },
  });
  const seen: string[] = [];
  let resets = 0;
  const stop = live.watchChannel('c1', {
    onPost: (post) => seen.push(`post ${post.id}`),
    onDelete: (id) => seen.push(`deleted ${id}`),
    onReset: () => (resets += 1),
    onError: () => undefined,
  });
  return { socket, live, statuses, asked, seen, resets: () => resets, stop };
}

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('Live', () => {
  it('stops and tells the app when the server ends the socket with its session', () => {
    const socket = new FakeSocket();
    let ended = 0;
    const errors: string[] = [];
    const live = new Live({
      socket: socket as unknown as LiveSocket,
      onStatus: () => undefined,
      onSessionEnded: () => (ended += 1),
      replay: () => Promise.reject(new Error('no page')),
    });
    live.watchChannel('c1', {
      onPost: () => undefined,
      onDelete: () => undefined,
      onReset: () => undefined,
      onError: (message) => errors.push(message),
    });
    live.start();
    socket.serverEmit('error', { code: 'rate_limited', message: 'Slow down.' });
    expect([ended, socket.connected]).toEqual([0, true]);
    socket.serverEmit('error', { code: 'session_ended', message: 'Your session ended.' });
    expect([ended, socket.connected]).toEqual([1, false]);
    expect(errors).toEqual(['Slow down.']);
  });

  it('subscribes the watched channel on every connect and reports its status', () => {
    const { socket, live, statuses } = setUp();
    live.start();
    socket.drop();
    socket.connect();
    const subscribes = socket.sent.filter(([event]) => event === 'channel:subscribe');
    expect(subscribes).toEqual([
      ['channel:subscribe', { channelId: 'c1' }],
      ['channel:subscribe', { channelId: 'c1' }],
    ]);
    expect(statuses).toEqual(['connecting', 'online', 'reconnecting', 'online']);
  });

  it('replays what was missed since the last cursor, page by page, once each', async () => {
    const missed = (cursor: string, id: string) => ({
      cursor,
      event: 'post:created',
      data: { post: makePost(id), cursor },
    });
    const { socket, live, asked, seen } = setUp([
      { items: [missed('11', 'b')], nextCursor: '11', reset: false },
      { items: [missed('12', 'c')], nextCursor: null, reset: false },
    ]);
    live.start();
    socket.serverEmit('live:cursor', { cursor: '9' });
    socket.serverEmit('post:created', { post: makePost('a'), cursor: '10' });
    socket.drop();
    socket.connect();
    // The event at 12 also arrives live while the replay runs: it waits for the older replayed
    // one and is shown once.
    socket.serverEmit('post:created', { post: makePost('c'), cursor: '12' });
    await flush();
    await flush();
    expect(asked).toEqual(['10', '11']);
    expect(seen).toEqual(['post a', 'post b', 'post c']);
  });

  it('asks pages to reload when the server no longer has what was missed', async () => {
    const { socket, live, resets } = setUp([{ items: [], nextCursor: null, reset: true }]);
    live.start();
    socket.serverEmit('live:cursor', { cursor: '5' });
    socket.drop();
    socket.connect();
    await flush();
    expect(resets()).toBe(1);
  });

  it('holds live events during the replay, then delivers them oldest first', async () => {
    const { socket, live, seen } = setUp([
      {
        items: [
          { cursor: '6', event: 'post:deleted', data: { id: 'old', channelId: 'c1', cursor: '6' } },
        ],
        nextCursor: null,
        reset: false,
      },
    ]);
    live.start();
    socket.serverEmit('live:cursor', { cursor: '5' });
    socket.drop();
    socket.connect();
    socket.serverEmit('post:created', { post: makePost('new'), cursor: '8' });
    socket.serverEmit('post:created', { post: makePost('newer'), cursor: '7' });
    expect(seen).toEqual([]);
    await flush();
    expect(seen).toEqual(['deleted old', 'post newer', 'post new']);
    // Once caught up, live events flow straight through again.
    socket.serverEmit('post:created', { post: makePost('live'), cursor: '9' });
    expect(seen.at(-1)).toBe('post live');
  });

  it('asks pages to reload when the replay fails', async () => {
    const { socket, live, resets } = setUp([]);
    live.start();
    socket.serverEmit('live:cursor', { cursor: '5' });
    socket.drop();
    socket.connect();
    await flush();
    expect(resets()).toBe(1);
  });

  it('passes on only the watched channel and unsubscribes after the last watcher', async () => {
    const { socket, live, seen, stop } = setUp();
    live.start();
    socket.serverEmit('post:created', { post: makePost('x', { channelId: 'c2' }), cursor: '1' });
    socket.serverEmit('post:deleted', { id: 'y', channelId: 'c1', cursor: '2' });
    expect(seen).toEqual(['deleted y']);
    stop();
    expect(socket.sent.at(-1)).not.toEqual(['channel:unsubscribe', { channelId: 'c1' }]);
    await flush();
    expect(socket.sent.at(-1)).toEqual(['channel:unsubscribe', { channelId: 'c1' }]);
  });

  it('sends nothing when a page stops and watches the same channel again at once', async () => {
    const { socket, live, stop } = setUp();
    live.start();
    const sentBefore = socket.sent.length;
    stop();
    const again = live.watchChannel('c1', {
      onPost: () => undefined,
      onReset: () => undefined,
      onError: () => undefined,
    });
    await flush();
    expect(socket.sent.slice(sentBefore)).toEqual([]);
    again();
    await flush();
    expect(socket.sent.at(-1)).toEqual(['channel:unsubscribe', { channelId: 'c1' }]);
  });

  it('reloads an open post instead of showing an excerpt that arrived live', () => {
    const socket = new FakeSocket();
    const live = new Live({
      socket: socket as unknown as LiveSocket,
      onStatus: () => undefined,
      replay: () => Promise.reject(new Error('no page')),
    });
    const seen: string[] = [];
    live.watchPost('p1', {
      onUpdate: (post) => seen.push(`update ${post.body}`),
      onDelete: () => seen.push('deleted'),
      onAnswer: (answer) => seen.push(`answer ${answer.body}`),
      onAccepted: () => seen.push('accepted'),
      onScore: () => undefined,
      onReset: () => seen.push('reload'),
      onError: () => undefined,
    });
    live.start();
    const post = makePost('p1');
    socket.serverEmit('post:updated', { post: { ...post, body: 'whole' }, cursor: '1' });
    socket.serverEmit('post:updated', {
      post: { ...post, body: 'excerpt', truncated: true },
      cursor: '2',
    });
    expect(seen).toEqual(['update whole', 'reload']);
  });
});
