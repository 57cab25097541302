import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Channel,
  Goal,
  GoalWithEvidence,
  LogEntry,
  Portfolio,
  Post,
} from '@outloud/contracts';
import { eventually } from '@outloud/testkit';
import { sql } from 'kysely';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

describe('goal progress seen by others', () => {
  let world: ApiWorld;
  let owner: Person;
  let colleague: Person;
  let general: Channel;
  let secret: Channel;

  const slug = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}`;
  const channel = async (visibility: 'public' | 'private') => {
    const reply = await owner.request<{ channel: Channel }>('POST', '/channels', {
      slug: slug(visibility),
      name: `A ${visibility} channel`,
      visibility,
    });
    expect(reply.status).toBe(201);
    return reply.body.channel;
  };
  const tip = async (channelId: string) => {
    const reply = await owner.request<{ post: Post }>('POST', '/posts', {
      channelId,
      kind: 'tip',
      title: 'A tip',
      body: 'Something I learned',
    });
    expect(reply.status).toBe(201);
    return reply.body.post;
  };
  const goalOf = async (who: Person, id: string) => {
    const reply = await who.request<GoalWithEvidence>('GET', `/goals/${id}`);
    expect(reply.status).toBe(200);
    return reply.body.goal;
  };
  const portfolioGoal = async (who: Person, id: string) => {
    const reply = await who.request<Portfolio>('GET', `/users/${owner.user.handle}/portfolio`);
    expect(reply.status).toBe(200);
    return reply.body.goals.find((g) => g.goal.id === id)!.goal;
  };
  const ownerSees = (id: string, progress: number) =>
    eventually(async () => {
      const goal = await goalOf(owner, id);
      return goal.progress === progress ? goal : undefined;
    });

  beforeAll(async () => {
    world = await apiWorld();
    await world.person();
    owner = await world.person();
    colleague = await world.person();
    general = (await owner.request<{ items: Channel[] }>('GET', '/channels')).body.items.find(
      (c) => c.slug === 'general',
    )!;
    secret = await channel('private');
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  it('counts only tips in public channels for a colleague, and everything for the owner', async () => {
    const created = await owner.request<{ goal: Goal }>('POST', '/goals', {
      title: 'Share three tips',
      visibility: 'public',
      measure: { metric: 'tips', count: 3 },
    });
    expect(created.status).toBe(201);
    const id = created.body.goal.id;
    await tip(secret.id);
    await tip(secret.id);
    await tip(general.id);

    const own = await ownerSees(id, 3);
    expect(own).toMatchObject({ progress: 3, sharedProgress: 1, status: 'achieved' });
    expect(own.achievedAt).not.toBeNull();

    const seen = await portfolioGoal(colleague, id);
    expect(seen).toMatchObject({ progress: 1, progressTarget: 3, status: 'active' });
    expect(seen.achievedAt).toBeNull();
    expect(seen).not.toHaveProperty('sharedProgress');
    expect(await goalOf(colleague, id)).toMatchObject({ progress: 1, status: 'active' });

    // The events others' services may read carry the shared figure only.
    const { rows } = await sql<{ progress: number }>`
      select (payload->'data'->>'progress')::int as progress from learn.outbox
      where payload->>'type' = 'learning.goal.progressed.v1'
        and payload->'data'->>'goalId' = ${id}`.execute(world.learningDb);
    expect(rows.map((r) => r.progress)).toEqual([1]);
  });

  it('stops counting a channel that turns private', async () => {
    const created = await owner.request<{ goal: Goal }>('POST', '/goals', {
      title: 'Two public tips',
      visibility: 'manager',
      measure: { metric: 'tips', count: 5 },
    });
    const id = created.body.goal.id;
    const open = await channel('public');
    await tip(open.id);
    await tip(general.id);
    await eventually(async () =>
      (await goalOf(owner, id)).sharedProgress === 2 ? true : undefined,
    );

    const closed = await owner.request('PATCH', `/channels/${open.id}`, { visibility: 'private' });
    expect(closed.status).toBe(200);
    const own = await eventually(async () => {
      const goal = await goalOf(owner, id);
      return goal.sharedProgress === 1 ? goal : undefined;
    });
    expect(own.progress).toBe(2);
  });

  it("hides the post of a log entry published in a channel the viewer can't see", async () => {
    const reply = await owner.request<{ entry: LogEntry }>('POST', '/log', {
      learned: 'Feature flags need owners',
      visibility: 'public',
      publish: { channelId: secret.id },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.entry.postId).not.toBeNull();
    const entryOf = async (who: Person) =>
      (await who.request<Portfolio>('GET', `/users/${owner.user.handle}/portfolio`)).body.log.find(
        (e) => e.id === reply.body.entry.id,
      );
    expect(await entryOf(owner)).toMatchObject({ postId: reply.body.entry.postId });
    expect(await entryOf(colleague)).toMatchObject({
      learned: 'Feature flags need owners',
      postId: null,
    });
  });
});
