import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Challenge, Channel, CheckInResponse, Insights, Post } from '@outloud/contracts';
import { sql } from 'kysely';
import { eventually } from '@outloud/testkit';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

type ErrorReply = { error: { code: string; details?: { field: string }[] } };

/**
 * The learning service runs on a clock the test moves: challenge days begin at midnight in the
 * challenge's own time zone, and check-ins close after one day of grace.
 */
describe('challenge days on a moving clock', () => {
  let world: ApiWorld;
  let now = new Date('2026-10-24T21:59:00Z'); // 23:59 in Berlin (UTC+2, summer time)
  let admin: Person;
  let lead: Person;
  let member: Person;
  let team: Channel;

  beforeAll(async () => {
    world = await apiWorld({}, { clock: () => now });
    admin = await world.person();
    lead = await world.person();
    member = await world.person();
    await world.grantRoles(admin, lead, ['member', 'ld']);
    team = (
      await lead.request<{ channel: Channel }>('POST', '/channels', {
        slug: `clock-${Math.random().toString(36).slice(2, 8)}`,
        name: 'Clock team',
        visibility: 'public',
      })
    ).body.channel;
    await member.request('POST', `/channels/${team.id}/join`);
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  const view = async (id: string) =>
    (await member.request<{ challenge: Challenge }>('GET', `/challenges/${id}`)).body.challenge;
  const promptTitles = async () =>
    (await member.request<{ items: Post[] }>('GET', `/feed?channelId=${team.id}`)).body.items
      .map((p) => p.title)
      .filter((t) => t.includes('Berlin week'))
      .sort();

  it('posts a day at local midnight in the challenge zone, across the end of summer time', async () => {
    const created = await lead.request<{ challenge: Challenge }>('POST', '/challenges', {
      channelId: team.id,
      title: 'Berlin week',
      startDate: '2026-10-25',
      timeZone: 'Europe/Berlin',
      prompts: ['one', 'two', 'three'],
    });
    expect(created.status).toBe(201);
    const id = created.body.challenge.id;
    expect(created.body.challenge.today).toBe(0);
    await world.learning.postDuePrompts();
    expect(await promptTitles()).toEqual([]);

    // Midnight in Berlin: 22:00 UTC the evening before (summer time still applies).
    now = new Date('2026-10-24T22:00:00Z');
    await world.learning.postDuePrompts();
    expect(await promptTitles()).toEqual(['Day 1 of 3 · Berlin week']);
    expect((await view(id)).today).toBe(1);

    // Clocks go back at 03:00 on the 25th, so that day lasts 25 hours: day 2 starts at 23:00 UTC.
    now = new Date('2026-10-25T22:30:00Z');
    await world.learning.postDuePrompts();
    expect(await promptTitles()).toEqual(['Day 1 of 3 · Berlin week']);
    now = new Date('2026-10-25T23:00:00Z');
    await world.learning.postDuePrompts();
    await world.learning.postDuePrompts();
    expect(await promptTitles()).toEqual(['Day 1 of 3 · Berlin week', 'Day 2 of 3 · Berlin week']);

    // On day 3, day 1 is closed; day 2 is still open (one day of grace).
    await member.request('POST', `/challenges/${id}/join`);
    now = new Date('2026-10-26T23:00:00Z');
    await world.learning.postDuePrompts();
    const closed = await member.request<ErrorReply>('POST', `/challenges/${id}/days/1/checkin`, {
      body: 'Too late for day one',
    });
    expect(closed.status).toBe(400);
    expect(closed.body.error.details?.[0]?.field).toBe('day');
    const day3 = await member.request<CheckInResponse>('POST', `/challenges/${id}/days/3/checkin`, {
      body: 'Day three on time',
    });
    expect(day3.body.me).toMatchObject({ checkedInDays: [3], currentStreak: 1 });
    const day2 = await member.request<CheckInResponse>('POST', `/challenges/${id}/days/2/checkin`, {
      body: 'Day two, a bit late',
    });
    // Day 1 was missed: participation goes on and the streak counts from day 2.
    expect(day2.body.me).toMatchObject({ checkedInDays: [2, 3], currentStreak: 2, bestStreak: 2 });

    // After the last day the challenge is over: no more joining.
    now = new Date('2026-10-27T23:00:00Z');
    const other = await world.person();
    expect((await other.request('POST', `/challenges/${id}/join`)).status).toBe(409);
  });

  it('lists unanswered questions older than 48 hours in the insights', async () => {
    // Five people share something, so the channel's activity is shown.
    for (let i = 0; i < 4; i++) {
      const colleague = await world.person();
      await colleague.request('POST', '/posts', {
        channelId: team.id,
        kind: 'tip',
        title: `Tip ${i}`,
        body: 'Useful',
      });
    }
    const question = (
      await member.request<{ post: Post }>('POST', '/posts', {
        channelId: team.id,
        kind: 'question',
        title: 'Who owns the staging database?',
        body: 'Nobody knows',
      })
    ).body.post;
    // The feed stamps real time; the learning clock is the test's, so age it in the projection.
    await eventually(async () => {
      const moved =
        await sql`update learn.contributions set created_at = ${new Date(now.getTime() - 72 * 3_600_000)}
        where id = ${question.id}`.execute(world.learningDb);
      return moved.numAffectedRows ? true : undefined;
    });
    const insights = await eventually(async () => {
      const r = await lead.request<Insights>('GET', `/insights?channelId=${team.id}`);
      return r.body.withheld ? undefined : r;
    });
    expect(insights.body.activity!.unansweredOver48h.map((q) => q.title)).toContain(
      'Who owns the staging database?',
    );
  });
});
