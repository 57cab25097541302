import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startMeilisearch, type MeiliProcess } from '@outloud/meili';
import { eventually } from '@outloud/testkit';
import { makePost, person, searchWorld, state, type SearchWorld } from './world.js';

const CHANNEL = randomUUID();

describe('when Meilisearch is down', () => {
  let dataDir: string;
  let port: number;
  let meili: MeiliProcess;
  let world: SearchWorld;
  const ada = person('ada');
  const start = () =>
    startMeilisearch({ dataDir, port, masterKey: 'degradation-test-master-key-0123' });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'outloud-meili-down-'));
    port = await freePort();
    meili = await start();
    world = await searchWorld({ url: meili.url, key: meili.masterKey });
  });
  afterAll(async () => {
    await world?.[Symbol.asyncDispose]();
    await meili?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const find = (q: string) =>
    world.client.call('search', { actor: ada, channelIds: [CHANNEL], query: { q } });

  it('answers 503, keeps profiles and experts working, and indexes everything once it is back', async () => {
    const before = makePost(ada, {
      channelId: CHANNEL,
      title: 'Indexed before the outage',
      tags: ['ops'],
    });
    await world.publish('feed.post.created.v1', state(before), ada);
    await world.settle();
    await meili.stop();

    await expect(find('outage')).rejects.toMatchObject({ code: 'search_unavailable' });
    const during = makePost(ada, {
      channelId: CHANNEL,
      title: 'Written during the outage',
      tags: ['ops'],
    });
    await world.publish('feed.post.created.v1', state(during), ada);
    // The projection (Postgres) keeps up, so profiles and tag experts still answer.
    await eventually(
      async () => {
        const stats = await world.client.call('userStats', {
          actor: ada,
          channelIds: [CHANNEL],
          userId: ada.id,
        });
        return stats.stats.tips === 2 ? true : undefined;
      },
      { what: 'the projection to take the new post' },
    );
    const experts = await world.client.call('experts', {
      actor: ada,
      channelIds: [CHANNEL],
      query: { topic: 'ops' },
    });
    expect(experts.items.map((e) => e.user.id)).toEqual([ada.id]);
    // The document waits in the queue instead of being lost.
    const queued = await world.db
      .selectFrom('search.indexQueue')
      .select('id')
      .where('id', '=', during.id)
      .executeTakeFirst();
    expect(queued).toBeDefined();

    meili = await start();
    await eventually(
      async () => {
        const result = await find('outage').catch(() => undefined);
        const ids = result?.hits.map((h) => h.id) ?? [];
        return ids.includes(before.id) && ids.includes(during.id) ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'both posts to be searchable again' },
    );
  });
});
