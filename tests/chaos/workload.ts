import { randomBytes } from 'node:crypto';
import type { Channel, NotificationList, Post } from '@outloud/contracts';
import { ApiClient } from '../support/api-client.js';

/** One post the API accepted (201), and the fault case it was written under. */
export interface AcceptedWrite {
  id: string;
  token: string;
  phase: string;
  at: number;
}

/** What one chaos case measured, for the summary table. */
export interface CaseFigures {
  name: string;
  accepted: number;
  failed: number;
  lost: number;
  duplicated: number;
  /** From the restart until the restarted process answered /readyz 200. */
  readyMs: number | undefined;
  /**
   * From the restart (or, with nothing restarted, the kill) until the last write accepted before
   * then was searchable and notified.
   */
  catchUpMs: number | undefined;
}

/** Fetches through `baseUrl` with a person's session and a deadline (a dead process must not hang). */
async function call<T>(
  person: ApiClient,
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { cookie: person.cookie };
  if (method !== 'GET') headers['x-csrf-token'] = person.csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/**
 * The people of a chaos run: an author who posts, a follower of the channel and a person every
 * post mentions. Each accepted post must reach the follower and the mentioned person exactly once.
 */
export class Workload {
  readonly run = randomBytes(3).toString('hex');
  readonly accepted: AcceptedWrite[] = [];
  readonly failures = new Map<string, number>();
  phase = 'setup';
  private author!: ApiClient;
  private follower!: ApiClient;
  private mentioned!: ApiClient;
  private channel!: Channel;
  private counter = 0;

  constructor(private readonly gateways: () => string[]) {}

  async setUp(): Promise<void> {
    const url = this.gateways()[0]!;
    this.author = new ApiClient(url);
    this.follower = new ApiClient(url);
    this.mentioned = new ApiClient(url);
    await this.author.register();
    await this.follower.register();
    await this.mentioned.register();
    const channels = await this.author.request<{ items: Channel[] }>('GET', '/channels');
    this.channel = channels.body.items.find((c) => c.slug === 'general')!;
    const follow = await this.follower.request('PUT', '/follows', {
      targetType: 'channel',
      target: this.channel.id,
    });
    if (follow.status !== 204) throw new Error(`follow failed: ${follow.status}`);
    // The follow and both people must be in the notification projections before the stream.
    const probe = await this.post(url);
    if (!probe) throw new Error('the probe post was refused');
    for (;;) {
      const [followed, mentioned] = await Promise.all([
        this.notificationCounts(this.follower),
        this.notificationCounts(this.mentioned),
      ]);
      if (followed.has(probe.id) && mentioned.has(probe.id)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** One post through `baseUrl`; undefined (and counted) when the API did not accept it. */
  async post(baseUrl: string): Promise<AcceptedWrite | undefined> {
    const n = this.counter++;
    const token = `c${this.run}n${n}`;
    const phase = this.phase;
    try {
      const created = await call<{ post: Post }>(this.author, baseUrl, 'POST', '/posts', {
        channelId: this.channel.id,
        kind: 'tip',
        title: `Chaos tip ${token}`,
        body: `Worth knowing, @${this.mentioned.user!.handle}.`,
      });
      if (created.status !== 201) {
        this.fail(phase, `status ${created.status}`);
        return undefined;
      }
      const write = { id: created.body.post.id, token, phase, at: Date.now() };
      this.accepted.push(write);
      return write;
    } catch (error) {
      this.fail(phase, (error as Error).name);
      return undefined;
    }
  }

  private fail(phase: string, reason: string) {
    const key = `${phase}|${reason}`;
    this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
  }

  failedIn(phase: string): number {
    let total = 0;
    for (const [key, count] of this.failures) if (key.startsWith(`${phase}|`)) total += count;
    return total;
  }

  /**
   * Writes `perSecond` posts a second, spread round-robin over the gateways, until the returned
   * stop function is called (which waits for the writes in flight).
   */
  stream(perSecond = 10): () => Promise<void> {
    const inFlight = new Set<Promise<unknown>>();
    let turn = 0;
    const timer = setInterval(() => {
      if (inFlight.size >= 30) return;
      const urls = this.gateways();
      if (!urls.length) return this.fail(this.phase, 'no gateway running');
      const write = this.post(urls[turn++ % urls.length]!);
      inFlight.add(write);
      void write.finally(() => inFlight.delete(write));
    }, 1_000 / perSecond);
    return async () => {
      clearInterval(timer);
      await Promise.all(inFlight);
    };
  }

  /** How many notifications of each post a person has, following the cursor to the end. */
  async notificationCounts(person: ApiClient): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await call<NotificationList>(
        person,
        this.gateways()[0]!,
        'GET',
        `/notifications?limit=100${query}`,
      );
      if (page.status !== 200) throw new Error(`notifications: ${page.status}`);
      for (const n of page.body.items) counts.set(n.postId, (counts.get(n.postId) ?? 0) + 1);
      cursor = page.body.nextCursor;
    } while (cursor);
    return counts;
  }

  /**
   * Ids of every post in the channel's feed, newest first, following the cursor to the end, read
   * through `baseUrl` (default: the first gateway).
   */
  async feedIds(baseUrl?: string): Promise<Set<string>> {
    const ids = new Set<string>();
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await call<{ items: Post[]; nextCursor: string | null }>(
        this.author,
        baseUrl ?? this.gateways()[0]!,
        'GET',
        `/feed?channelId=${this.channel.id}&sort=new&limit=50${query}`,
      );
      if (page.status !== 200) throw new Error(`feed: ${page.status}`);
      for (const post of page.body.items) ids.add(post.id);
      cursor = page.body.nextCursor;
    } while (cursor);
    return ids;
  }

  async searchable(write: AcceptedWrite): Promise<boolean> {
    const found = await call<{ hits: { id: string }[] }>(
      this.author,
      this.gateways()[0]!,
      'GET',
      `/search?q=${write.token}&limit=20`,
    );
    return found.status === 200 && found.body.hits.some((hit) => hit.id === write.id);
  }

  /** Whether a write is searchable and both people have been notified of it. */
  async delivered(write: AcceptedWrite): Promise<boolean> {
    const [followed, mentioned, searchable] = await Promise.all([
      this.notificationCounts(this.follower),
      this.notificationCounts(this.mentioned),
      this.searchable(write),
    ]);
    return searchable && followed.has(write.id) && mentioned.has(write.id);
  }

  /**
   * Checks every accepted write of the given phases: in the feed, searchable, and notified
   * exactly once to each person. Returns the ids missing anywhere and those notified twice.
   */
  async audit(phases: string[]): Promise<{ missing: string[]; duplicated: string[] }> {
    const writes = this.accepted.filter((w) => phases.includes(w.phase));
    const [feed, followed, mentioned] = await Promise.all([
      this.feedIds(),
      this.notificationCounts(this.follower),
      this.notificationCounts(this.mentioned),
    ]);
    const missing: string[] = [];
    const duplicated: string[] = [];
    for (const write of writes) {
      const counts = [followed.get(write.id) ?? 0, mentioned.get(write.id) ?? 0];
      if (counts.some((c) => c > 1)) duplicated.push(write.id);
      if (!feed.has(write.id) || counts.some((c) => c === 0) || !(await this.searchable(write)))
        missing.push(write.id);
    }
    return { missing, duplicated };
  }
}

/** Prints the figures of every case as one table. */
export function printSummary(title: string, figures: CaseFigures[]): void {
  const ms = (value: number | undefined) => (value === undefined ? '-' : `${value} ms`);
  const rows = figures.map((f) => ({
    case: f.name,
    accepted: f.accepted,
    'failed (5xx/timeout)': f.failed,
    lost: f.lost,
    'notified twice': f.duplicated,
    'restart → ready': ms(f.readyMs),
    'restart → caught up': ms(f.catchUpMs),
  }));
  console.log(`\n${title}`);
  console.table(rows);
}
