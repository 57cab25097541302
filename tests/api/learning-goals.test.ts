import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Channel,
  Evidence,
  Goal,
  GoalPage,
  GoalWithEvidence,
  LogEntry,
  Portfolio,
  Post,
} from '@outloud/contracts';
import { eventually } from '@outloud/testkit';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

type ErrorReply = { error: { code: string; details?: { field: string }[] } };

describe('goals, evidence, log and portfolio', () => {
  let world: ApiWorld;
  let admin: Person;
  let learner: Person;
  let asker: Person;
  let outsider: Person;
  let manager: Person;
  let otherManager: Person;
  let general: Channel;
  let secret: Channel;

  beforeAll(async () => {
    world = await apiWorld();
    admin = await world.person();
    learner = await world.person();
    asker = await world.person();
    outsider = await world.person();
    manager = await world.person();
    otherManager = await world.person();
    await world.grantRoles(admin, manager, ['member', 'manager']);
    await world.grantRoles(admin, otherManager, ['member', 'manager']);
    general = (await learner.request<{ items: Channel[] }>('GET', '/channels')).body.items.find(
      (c) => c.slug === 'general',
    )!;
    secret = (
      await learner.request<{ channel: Channel }>('POST', '/channels', {
        slug: `secret-${Math.random().toString(36).slice(2, 8)}`,
        name: 'Secret',
        visibility: 'private',
      })
    ).body.channel;
    expect(
      (await learner.request('PUT', '/goals/manager', { handle: manager.user.handle })).status,
    ).toBe(200);
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  const post = async (who: Person, body: Record<string, unknown>) => {
    const reply = await who.request<{ post: Post }>('POST', '/posts', {
      channelId: general.id,
      kind: 'tip',
      title: 'A post',
      body: 'Some text',
      ...body,
    });
    expect(reply.status).toBe(201);
    return reply.body.post;
  };
  const goal = async (who: Person, body: Record<string, unknown>) => {
    const reply = await who.request<{ goal: Goal }>('POST', '/goals', body);
    expect(reply.status).toBe(201);
    return reply.body.goal;
  };

  it('advances a measurable goal as its owner answers questions with its tag, up to achieved', async () => {
    const target = await goal(learner, {
      title: 'Help with Kubernetes',
      why: 'I run our clusters',
      measure: { metric: 'answers', tag: 'kubernetes', count: 2 },
    });
    expect(target).toMatchObject({ progress: 0, progressTarget: 2, visibility: 'private' });
    const q1 = await post(asker, { kind: 'question', title: 'Pods?', tags: ['kubernetes'] });
    const q2 = await post(asker, { kind: 'question', title: 'Nodes?', tags: ['kubernetes'] });
    const other = await post(asker, { kind: 'question', title: 'CSS?', tags: ['css'] });
    for (const q of [q1, q2, other])
      expect(
        (await learner.request('POST', `/posts/${q.id}/answers`, { body: 'Try this' })).status,
      ).toBe(201);
    const done = await eventually(
      async () => {
        const { body } = await learner.request<GoalWithEvidence>('GET', `/goals/${target.id}`);
        return body.goal.progress === 2 ? body.goal : undefined;
      },
      { what: 'the goal to count two answers' },
    );
    expect(done.status).toBe('achieved');
    expect(done.achievedAt).not.toBeNull();
  });

  it('lets goals without a measure be updated by hand, and refuses hand updates of measured ones', async () => {
    const manual = await goal(learner, { title: 'Read the SRE book' });
    const updated = await learner.request<{ goal: Goal }>('PATCH', `/goals/${manual.id}`, {
      progress: 40,
    });
    expect(updated.body.goal).toMatchObject({
      progress: 40,
      progressTarget: 100,
      status: 'active',
    });
    const measured = await goal(learner, {
      title: 'Share tips',
      measure: { metric: 'tips', count: 10 },
    });
    const refused = await learner.request<ErrorReply>('PATCH', `/goals/${measured.id}`, {
      progress: 50,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details?.[0]?.field).toBe('progress');
  });

  it('validates input and names the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '' }, 'title'],
      [{ title: 'x', measure: { metric: 'answers', count: 0 } }, 'measure.count'],
      [{ title: 'x', measure: { metric: 'karma', count: 3 } }, 'measure.metric'],
      [{ title: 'x', targetDate: '2026-02-30' }, 'targetDate'],
      [{ title: 'x', visibility: 'everyone' }, 'visibility'],
      [{ title: 'x', tags: ['Not A Tag'] }, 'tags.0'],
    ];
    for (const [body, field] of cases) {
      const reply = await learner.request<ErrorReply>('POST', '/goals', body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(
        reply.body.error.details?.map((d) => d.field),
        JSON.stringify(body),
      ).toContain(field);
    }
    const g = await goal(learner, { title: 'Evidence rules' });
    const both = await learner.request<ErrorReply>('POST', `/goals/${g.id}/evidence`, {
      url: 'https://example.com',
      postId: g.id,
    });
    expect(both.status).toBe(400);
    const notHttp = await learner.request<ErrorReply>('POST', `/goals/${g.id}/evidence`, {
      url: 'javascript:alert(1)',
      title: 'x',
    });
    expect(notHttp.status).toBe(400);
    expect(notHttp.body.error.details?.[0]?.field).toBe('url');
  });

  it('keeps private goals and log entries from outsiders and managers, on every read path', async () => {
    const hidden = await goal(learner, { title: 'Private ambition' });
    const forManager = await goal(learner, {
      title: 'Shared with my manager',
      visibility: 'manager',
    });
    const open = await goal(learner, { title: 'Public goal', visibility: 'public' });
    const privateEntry = await learner.request<{ entry: LogEntry }>('POST', '/log', {
      learned: 'private reflection',
    });
    const managerEntry = await learner.request<{ entry: LogEntry }>('POST', '/log', {
      learned: 'for my manager',
      visibility: 'manager',
    });
    expect(privateEntry.body.entry.visibility).toBe('private');
    expect(managerEntry.body.entry.visibility).toBe('manager');

    const read = (who: Person, id: string) => who.request('GET', `/goals/${id}`);
    expect((await read(learner, hidden.id)).status).toBe(200);
    expect((await read(outsider, hidden.id)).status).toBe(404);
    expect((await read(manager, hidden.id)).status).toBe(404);
    expect((await read(admin, hidden.id)).status).toBe(404);
    expect((await read(manager, forManager.id)).status).toBe(200);
    expect((await read(otherManager, forManager.id)).status).toBe(404);
    expect((await read(outsider, forManager.id)).status).toBe(404);
    expect((await read(outsider, open.id)).status).toBe(200);

    const portfolio = async (who: Person) =>
      (await who.request<Portfolio>('GET', `/users/${learner.user.handle}/portfolio`)).body;
    const titles = (p: Portfolio) => p.goals.map((g) => g.goal.title);
    const entries = (p: Portfolio) => p.log.map((e) => e.learned);

    const asOutsider = await portfolio(outsider);
    expect(titles(asOutsider)).toContain('Public goal');
    expect(titles(asOutsider)).not.toContain('Private ambition');
    expect(titles(asOutsider)).not.toContain('Shared with my manager');
    expect(entries(asOutsider)).not.toContain('private reflection');
    expect(entries(asOutsider)).not.toContain('for my manager');
    expect(asOutsider.goals.every((g) => g.goal.visibility === 'public')).toBe(true);

    const asManager = await portfolio(manager);
    expect(titles(asManager)).toEqual(
      expect.arrayContaining(['Public goal', 'Shared with my manager']),
    );
    expect(titles(asManager)).not.toContain('Private ambition');
    expect(entries(asManager)).toContain('for my manager');
    expect(entries(asManager)).not.toContain('private reflection');

    const asOtherManager = await portfolio(otherManager);
    expect(titles(asOtherManager)).not.toContain('Shared with my manager');

    const asOwner = await portfolio(learner);
    expect(titles(asOwner)).toEqual(
      expect.arrayContaining(['Private ambition', 'Shared with my manager', 'Public goal']),
    );
    expect(entries(asOwner)).toContain('private reflection');

    // Lists and changes are the owner's alone.
    const list = await outsider.request<GoalPage>('GET', '/goals');
    expect(list.body.items.map((g) => g.id)).not.toContain(hidden.id);
    expect(
      (await outsider.request('PATCH', `/goals/${open.id}`, { title: 'mine now' })).status,
    ).toBe(404);
    expect((await manager.request('DELETE', `/goals/${forManager.id}`)).status).toBe(404);
    expect((await outsider.request('DELETE', `/log/${privateEntry.body.entry.id}`)).status).toBe(
      404,
    );
    for (const viewer of [outsider, manager]) {
      const theirLog = await viewer.request<{ items: LogEntry[] }>('GET', '/log');
      expect(theirLog.body.items).toEqual([]);
      const theirGoals = await viewer.request<GoalPage>('GET', '/goals');
      expect(theirGoals.body.items.map((g) => g.ownerId)).not.toContain(learner.user.id);
      const theirExport = await world.app.inject({
        method: 'GET',
        url: '/api/v1/goals/export?format=markdown',
        headers: { cookie: viewer.cookie },
      });
      expect(theirExport.body).not.toContain('Private ambition');
      expect(theirExport.body).not.toContain('private reflection');
      const found = await viewer.request<{ hits: unknown[] }>('GET', '/search?q=ambition');
      expect(found.body.hits).toEqual([]);
    }

    // Nothing private leaks into search either: goals and log entries are never indexed.
    const hits = await outsider.request<{ hits: unknown[] }>(
      'GET',
      '/search?q=private%20reflection',
    );
    expect(hits.status).toBe(200);
    expect(hits.body.hits).toEqual([]);

    // Goals of someone who named no manager are hidden from every manager.
    const loner = await world.person();
    const lonerGoal = await goal(loner, { title: 'Solo', visibility: 'manager' });
    expect((await read(manager, lonerGoal.id)).status).toBe(404);
  });

  it('only accepts a person with the manager role as manager', async () => {
    const refused = await learner.request<ErrorReply>('PUT', '/goals/manager', {
      handle: outsider.user.handle,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details?.[0]?.field).toBe('handle');
    expect(
      (await learner.request('PUT', '/goals/manager', { handle: 'nobody_here_x' })).status,
    ).toBe(404);
  });

  it('adds your own posts and answers as evidence, never anyone else’s, and hides private-channel evidence from outsiders', async () => {
    const g = await goal(learner, { title: 'Teach others', visibility: 'public' });
    const mine = await post(learner, { title: 'My tip about tracing' });
    const theirs = await post(asker, { title: 'Their tip' });
    const question = await post(asker, { kind: 'question', title: 'How to trace?' });
    const answer = await learner.request<{ answer: { id: string } }>(
      'POST',
      `/posts/${question.id}/answers`,
      { body: 'Like this' },
    );
    const secretPost = await post(learner, { channelId: secret.id, title: 'Secret tip' });

    const add = (body: Record<string, unknown>) =>
      learner.request<{ evidence: Evidence } & ErrorReply>('POST', `/goals/${g.id}/evidence`, body);
    const added = await eventually(
      async () => {
        const r = await add({ postId: mine.id, note: 'people liked it' });
        return r.status === 201 ? r.body.evidence : undefined;
      },
      { what: 'the post to be known to learning' },
    );
    expect(added).toMatchObject({ kind: 'post', title: 'My tip about tracing' });
    expect((await add({ postId: mine.id })).status).toBe(409);
    await eventually(
      async () =>
        (await add({ answerId: answer.body.answer.id })).status === 201 ? true : undefined,
      {
        what: 'the answer as evidence',
      },
    );
    await eventually(
      async () => ((await add({ postId: secretPost.id })).status === 201 ? true : undefined),
      {
        what: 'the secret post as evidence',
      },
    );
    expect((await add({ postId: theirs.id })).status).toBe(404);
    expect((await add({ url: 'https://example.com/talk', title: 'My talk' })).status).toBe(201);
    // Someone else cannot add evidence to the goal.
    expect(
      (
        await outsider.request('POST', `/goals/${g.id}/evidence`, {
          url: 'https://x.example',
          title: 'x',
        })
      ).status,
    ).toBe(404);

    const ownView = await learner.request<GoalWithEvidence>('GET', `/goals/${g.id}`);
    expect(ownView.body.evidence.map((e) => e.title)).toEqual(
      expect.arrayContaining(['Secret tip', 'My tip about tracing', 'How to trace?', 'My talk']),
    );
    const outsiderView = await outsider.request<GoalWithEvidence>('GET', `/goals/${g.id}`);
    expect(outsiderView.body.evidence.map((e) => e.title)).not.toContain('Secret tip');
    expect(outsiderView.body.evidence).toHaveLength(3);
  });

  it('publishes a log entry as a working-out-loud post in a channel', async () => {
    const reply = await learner.request<{ entry: LogEntry }>('POST', '/log', {
      learned: 'Flame graphs show where time goes',
      tried: 'Profiling the API',
      next: 'Share a how-to',
      publish: { channelId: general.id, tags: ['performance'] },
    });
    expect(reply.status).toBe(201);
    // The post is in the channel; the entry itself stays as private as it was written.
    expect(reply.body.entry.visibility).toBe('private');
    const published = await learner.request<{ post: Post }>(
      'GET',
      `/posts/${reply.body.entry.postId}`,
    );
    expect(published.body.post).toMatchObject({ kind: 'tip', tags: ['performance'] });
    expect(published.body.post.body).toContain('Flame graphs show where time goes');
    const empty = await learner.request<ErrorReply>('POST', '/log', { learned: '  ' });
    expect(empty.status).toBe(400);
    const refused = await outsider.request('POST', '/log', {
      learned: 'x',
      publish: { channelId: secret.id },
    });
    expect(refused.status).toBe(404);
  });

  it('exports your own portfolio as Markdown and as an escaped HTML page', async () => {
    await goal(learner, { title: '<script>alert("x")</script> goal', why: 'a & b' });
    const md = await world.app.inject({
      method: 'GET',
      url: '/api/v1/goals/export?format=markdown',
      headers: { cookie: learner.cookie },
    });
    expect(md.statusCode).toBe(200);
    expect(md.headers['content-type']).toContain('text/markdown');
    expect(md.body).toContain('Private ambition');
    expect(md.body).toContain('# Learning portfolio');
    const html = await world.app.inject({
      method: 'GET',
      url: '/api/v1/goals/export?format=html',
      headers: { cookie: learner.cookie },
    });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).not.toContain('<script>');
    expect(html.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; goal');
    expect(html.body).toContain('a &amp; b');
    const outsiderExport = await world.app.inject({
      method: 'GET',
      url: '/api/v1/goals/export?format=html',
      headers: { cookie: outsider.cookie },
    });
    expect(outsiderExport.body).not.toContain('Private ambition');
    const bad = await learner.request<ErrorReply>('GET', '/goals/export?format=pdf');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.[0]?.field).toBe('format');
  });
});
