import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Challenge,
  ChallengePage,
  Channel,
  CheckInResponse,
  Cohort,
  Insights,
  Post,
  PostWithAnswers,
} from '@outloud/contracts';
import { eventually } from '@outloud/testkit';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

type ErrorReply = { error: { code: string; details?: { field: string }[] } };

const isoDate = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('challenges, check-ins, cohorts and team insights', () => {
  let world: ApiWorld;
  let admin: Person;
  let lead: Person;
  let manager: Person;
  let member: Person;
  let outsider: Person;
  let team: Channel;
  let privateTeam: Channel;

  beforeAll(async () => {
    world = await apiWorld();
    admin = await world.person();
    lead = await world.person();
    manager = await world.person();
    member = await world.person();
    outsider = await world.person();
    await world.grantRoles(admin, lead, ['member', 'ld']);
    await world.grantRoles(admin, manager, ['member', 'manager']);
    const create = async (visibility: 'public' | 'private') =>
      (
        await lead.request<{ channel: Channel }>('POST', '/channels', {
          slug: `team-${Math.random().toString(36).slice(2, 8)}`,
          name: 'Team',
          visibility,
        })
      ).body.channel;
    team = await create('public');
    privateTeam = await create('private');
    for (const p of [manager, member]) await p.request('POST', `/channels/${team.id}/join`);
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  const createChallenge = (who: Person, body: Record<string, unknown> = {}) =>
    who.request<{ challenge: Challenge } & ErrorReply>('POST', '/challenges', {
      channelId: team.id,
      title: 'Thirty days of testing',
      startDate: isoDate(-1),
      timeZone: 'UTC',
      tag: 'testing',
      prompts: ['Write one test you never wrote', 'Delete a flaky test', 'Test an error path'],
      ...body,
    });

  it('lets L&D start a challenge and refuses members, unknown zones and impossible dates', async () => {
    expect((await createChallenge(member)).status).toBe(403);
    const zone = await createChallenge(lead, { timeZone: 'Mars/Olympus' });
    expect(zone.status).toBe(400);
    expect(zone.body.error.details?.[0]?.field).toBe('timeZone');
    const date = await createChallenge(lead, { startDate: '2026-02-31' });
    expect(date.status).toBe(400);
    expect(date.body.error.details?.[0]?.field).toBe('startDate');
    // Long past: its missed prompts would flood the channel at once.
    const stale = await createChallenge(lead, { startDate: isoDate(-30) });
    expect(stale.status).toBe(400);
    expect(stale.body.error.details?.[0]?.field).toBe('startDate');
    const noPrompts = await createChallenge(lead, { prompts: [] });
    expect(noPrompts.status).toBe(400);
    expect(noPrompts.body.error.details?.[0]?.field).toBe('prompts');
    expect((await createChallenge(outsider, { channelId: privateTeam.id })).status).toBe(403);
  });

  it('posts each started day once, checks people in, counts streaks and shows the cohort only for five or more', async () => {
    const created = await createChallenge(lead);
    expect(created.status).toBe(201);
    const challenge = created.body.challenge;
    expect(challenge).toMatchObject({ days: 3, today: 2 });
    expect(challenge.openDays.map((d) => d.prompt)).toEqual([
      'Write one test you never wrote',
      'Delete a flaky test',
    ]);

    await world.learning.postDuePrompts();
    await world.learning.postDuePrompts();
    const posted = await member.request<{ challenge: Challenge }>(
      'GET',
      `/challenges/${challenge.id}`,
    );
    const postIds = posted.body.challenge.openDays.map((d) => d.postId);
    expect(postIds.every((id) => id !== null)).toBe(true);
    const feed = await member.request<{ items: Post[] }>('GET', `/feed?channelId=${team.id}`);
    const prompts = feed.body.items.filter((p) => p.title.includes('Thirty days of testing'));
    expect(prompts.map((p) => p.title).sort()).toEqual([
      'Day 1 of 3 · Thirty days of testing',
      'Day 2 of 3 · Thirty days of testing',
    ]);
    // Prompts are posted by the L&D person who started the challenge, with the L&D badge.
    expect(prompts[0]!.author).toMatchObject({ id: lead.user.id, badges: ['ld'] });

    // Not joined yet: no check-in.
    const early = await member.request<ErrorReply>(
      'POST',
      `/challenges/${challenge.id}/days/1/checkin`,
      {
        body: 'Wrote a test for retries',
      },
    );
    expect(early.status).toBe(409);

    expect((await member.request('POST', `/challenges/${challenge.id}/join`)).status).toBe(200);
    const day1 = await member.request<CheckInResponse>(
      'POST',
      `/challenges/${challenge.id}/days/1/checkin`,
      {
        body: 'Wrote a test for retries',
      },
    );
    expect(day1.status).toBe(201);
    expect(day1.body.me).toMatchObject({ checkedInDays: [1], currentStreak: 1 });
    const day2 = await member.request<CheckInResponse>(
      'POST',
      `/challenges/${challenge.id}/days/2/checkin`,
      {
        body: 'Deleted the flaky login test',
      },
    );
    expect(day2.body.me).toMatchObject({ checkedInDays: [1, 2], currentStreak: 2, bestStreak: 2 });
    const future = await member.request<ErrorReply>(
      'POST',
      `/challenges/${challenge.id}/days/3/checkin`,
      {
        body: 'Too early',
      },
    );
    expect(future.status).toBe(400);
    expect(future.body.error.details?.[0]?.field).toBe('day');
    // The check-in is an answer under the day's prompt.
    const thread = await member.request<PostWithAnswers>('GET', `/posts/${postIds[0]}`);
    expect(thread.body.answers.map((a) => a.body)).toContain('Wrote a test for retries');

    // Answering a prompt in the feed counts too (through the feed's events).
    expect((await manager.request('POST', `/challenges/${challenge.id}/join`)).status).toBe(200);
    await manager.request('POST', `/posts/${postIds[1]}/answers`, { body: 'Removed two sleeps' });
    const managerView = await eventually(
      async () => {
        const r = await manager.request<{ challenge: Challenge }>(
          'GET',
          `/challenges/${challenge.id}`,
        );
        return r.body.challenge.me.checkedInDays.includes(2) ? r.body.challenge : undefined;
      },
      { what: 'the feed answer to count as a check-in' },
    );
    expect(managerView.me).toMatchObject({ joined: true, currentStreak: 1 });

    // Two participants: the cohort is withheld.
    const small = await member.request<Cohort>('GET', `/challenges/${challenge.id}/cohort`);
    expect(small.body).toMatchObject({ participants: 2, withheld: true });
    expect(small.body.days.every((d) => d.checkedIn === null)).toBe(true);

    // Five participants: counts per day, and nothing about who.
    const more = [await world.person(), await world.person(), await world.person()];
    for (const p of more) {
      await p.request('POST', `/channels/${team.id}/join`);
      await p.request('POST', `/challenges/${challenge.id}/join`);
    }
    await more[0]!.request('POST', `/challenges/${challenge.id}/days/2/checkin`, {
      body: 'Late joiner',
    });
    const cohort = await member.request<Cohort>('GET', `/challenges/${challenge.id}/cohort`);
    expect(cohort.body).toMatchObject({ participants: 5, withheld: false });
    expect(cohort.body.days).toEqual([
      { day: 1, date: isoDate(-1), checkedIn: 1 },
      { day: 2, date: isoDate(0), checkedIn: 3 },
    ]);
    expect(JSON.stringify(cohort.body)).not.toContain(member.user.id);

    const list = await outsider.request<ChallengePage>('GET', `/challenges?channelId=${team.id}`);
    expect(list.body.items.map((c) => c.id)).toContain(challenge.id);
  });

  it('does not post prompts of days that have not started', async () => {
    const later = await createChallenge(lead, { startDate: isoDate(2), title: 'Later challenge' });
    await world.learning.postDuePrompts();
    const view = await member.request<{ challenge: Challenge }>(
      'GET',
      `/challenges/${later.body.challenge.id}`,
    );
    expect(view.body.challenge).toMatchObject({ today: 0, openDays: [] });
    const feed = await member.request<{ items: Post[] }>('GET', `/feed?channelId=${team.id}`);
    expect(feed.body.items.some((p) => p.title.includes('Later challenge'))).toBe(false);
  });

  it('hides challenges in private channels from people outside them', async () => {
    const hidden = await createChallenge(lead, { channelId: privateTeam.id, title: 'Private one' });
    expect(hidden.status).toBe(201);
    const id = hidden.body.challenge.id;
    expect((await outsider.request('GET', `/challenges/${id}`)).status).toBe(404);
    expect((await outsider.request('POST', `/challenges/${id}/join`)).status).toBe(404);
    expect((await outsider.request('GET', `/challenges/${id}/cohort`)).status).toBe(404);
    const list = await outsider.request<ChallengePage>('GET', '/challenges');
    expect(list.body.items.map((c) => c.id)).not.toContain(id);
  });

  it('gives managers and L&D aggregate insights only for groups of at least five', async () => {
    expect((await member.request('GET', `/insights?channelId=${team.id}`)).status).toBe(403);
    expect((await manager.request('GET', `/insights?channelId=${privateTeam.id}`)).status).toBe(
      404,
    );
    // Only fixed windows: two free lengths a day apart would single out one day.
    const odd = await manager.request<ErrorReply>('GET', `/insights?channelId=${team.id}&days=8`);
    expect(odd.status).toBe(400);
    expect(odd.body.error.details?.[0]?.field).toBe('days');
    const bad = await manager.request<ErrorReply>('GET', '/insights?channelId=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.[0]?.field).toBe('channelId');

    // The private team has one member: everything is withheld.
    await lead.request('POST', '/posts', {
      channelId: privateTeam.id,
      kind: 'question',
      title: 'Anyone?',
      body: 'Small group question',
    });
    const small = await eventually(async () => {
      const r = await lead.request<Insights>('GET', `/insights?channelId=${privateTeam.id}`);
      return r.status === 200 ? r.body : undefined;
    });
    expect(small).toMatchObject({ withheld: true, activity: null });

    // The public team has at least five members by now.
    const question = (
      await member.request<{ post: Post }>('POST', '/posts', {
        channelId: team.id,
        kind: 'question',
        title: 'How do we test sockets?',
        body: 'Details',
        tags: ['testing'],
      })
    ).body.post;
    await lead.request('POST', `/posts/${question.id}/answers`, { body: 'With a real server' });
    const announcement = (
      await lead.request<{ post: Post }>('POST', '/posts', {
        channelId: team.id,
        kind: 'announcement',
        title: 'Security week',
        body: 'Please read',
      })
    ).body.post;
    // Four people have contributed so far: activity is withheld, whatever the member count.
    const four = await eventually(async () => {
      const r = await manager.request<Insights>('GET', `/insights?channelId=${team.id}`);
      return r.body.members >= 5 ? r.body : undefined;
    });
    expect(four).toMatchObject({ withheld: true, activity: null });
    const newcomers = [await world.person(), await world.person()];
    for (const p of newcomers) {
      await p.request('POST', `/channels/${team.id}/join`);
      await p.request('POST', '/posts', {
        channelId: team.id,
        kind: 'tip',
        title: 'A tip from a newcomer',
        body: 'Useful',
      });
    }
    const insights = await eventually(
      async () => {
        const r = await manager.request<Insights>('GET', `/insights?channelId=${team.id}`);
        return r.body.activity &&
          r.body.activity.questions >= 1 &&
          r.body.activity.answerRate !== null
          ? r.body
          : undefined;
      },
      { what: 'insights to include the question' },
    );
    expect(insights.withheld).toBe(false);
    expect(insights.members).toBeGreaterThanOrEqual(5);
    expect(insights.activity!.contributors).toBeGreaterThanOrEqual(5);
    // Emerging experts: names only, from a group of at least five contributors.
    expect(insights.activity!.emergingExperts.map((e) => e.id)).toContain(lead.user.id);
    expect(insights.activity!.answerRate).toBe(1);
    expect(insights.activity!.medianHoursToFirstAnswer).not.toBeNull();
    expect(insights.activity!.topTags.map((t) => t.tag)).toContain('testing');
    expect(insights.challenges.find((c) => c.participants === 5)?.averageCompletion).toBeCloseTo(
      4 / 15,
    );
    // No per-person figures anywhere in the answer.
    for (const expert of insights.activity!.emergingExperts)
      expect(Object.keys(expert).sort()).toEqual(['displayName', 'handle', 'id']);

    // Awareness: a campaign announcement counts who opened it.
    await eventually(async () =>
      (
        await lead.request('PUT', `/insights/campaigns/${announcement.id}`, {
          name: 'Security week',
        })
      ).status === 204
        ? true
        : undefined,
    );
    expect(
      (
        await lead.request('PUT', `/insights/campaigns/${question.id}`, {
          name: 'Not an announcement',
        })
      ).status,
    ).toBe(400);
    expect(
      (await member.request('PUT', `/insights/campaigns/${announcement.id}`, { name: 'x' })).status,
    ).toBe(403);
    await member.request('GET', `/posts/${announcement.id}`);
    await member.request('GET', `/posts/${announcement.id}`);
    await manager.request('GET', `/posts/${announcement.id}`);
    const campaign = await eventually(
      async () => {
        const r = await lead.request<Insights>('GET', `/insights?channelId=${team.id}`);
        const found = r.body.campaigns.find((c) => c.postId === announcement.id);
        return found?.opened === 2 ? found : undefined;
      },
      { what: 'two people to have opened the announcement' },
    );
    expect(campaign).toMatchObject({ name: 'Security week', title: 'Security week' });
  });
});
