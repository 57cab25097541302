import { SeedRequestError, type SeedAuth, type SeedSend } from './client.js';
import {
  ANNOUNCEMENTS,
  CHALLENGE,
  CHANNELS,
  answerBody,
  goalPlan,
  logPlan,
  personPlan,
  postPlan,
  type PersonPlan,
  type PostPlan,
} from './content.js';
import { silentProgress, type Progress } from './progress.js';
import { seededRandom } from './random.js';

export interface SeedOptions {
  send: SeedSend;
  /** An admin's credentials. */
  admin: SeedAuth;
  people: number;
  posts: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Seed an instance that already has posts (people and channels get fresh names). */
  force?: boolean;
  /** The generator's seed: the same seed writes the same content. */
  seed?: number;
  /** Where the seeded people's email addresses live. */
  emailDomain?: string;
  /** The password every seeded person signs in with. */
  password?: string;
  progress?: Progress;
  clock?: () => Date;
}

export interface SeedSummary {
  people: number;
  channels: number;
  posts: number;
  questions: number;
  answers: number;
  accepted: number;
  votes: number;
  goals: number;
  logEntries: number;
  checkIns: number;
  challengeId: string;
  pinnedAnnouncementId: string;
}

/** The instance has content already and SEED_FORCE was not given. */
export class SeedRefusedError extends Error {
  constructor() {
    super(
      'This Outloud already has posts: the demo space goes into an empty instance only. ' +
        'Run it against a fresh database, or set SEED_FORCE=1 to add the demo space anyway.',
    );
    this.name = 'SeedRefusedError';
  }
}

interface Member {
  plan: PersonPlan;
  id: string;
  auth: SeedAuth;
}

/** Runs `task` over `items` with at most `limit` in flight, in order of start. */
async function inParallel<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const DAY_MS = 86_400_000;

/**
 * Retries a request the instance was too busy for (429, 502-504) up to four times with a growing
 * pause. A write retried after a 503 may have been applied once already: acceptable for demo content.
 */
function retrying(send: SeedSend): SeedSend {
  return async (request) => {
    for (let attempt = 1; ; attempt++) {
      const reply = await send(request);
      if (![429, 502, 503, 504].includes(reply.status) || attempt === 5) return reply;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  };
}

/** Fills an instance with a believable organisation through its public API. */
export async function seedDemoSpace(options: SeedOptions): Promise<SeedSummary> {
  const { admin } = options;
  const send = retrying(options.send);
  const progress = options.progress ?? silentProgress;
  const limit = options.concurrency ?? 8;
  const random = seededRandom(options.seed ?? 1);
  const now = (options.clock ?? (() => new Date()))();
  const password = options.password ?? 'outloud demo space';
  const domain = options.emailDomain ?? 'demo.outloud.test';

  const call = async <T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    path: string,
    expected: number,
    auth: SeedAuth,
    body?: unknown,
  ): Promise<T> => {
    const reply = await send({ method, path, body, auth });
    if (reply.status !== expected) throw new SeedRequestError(method, path, reply);
    return reply.body as T;
  };

  const existing = await call<{ items: unknown[] }>('GET', '/feed?limit=1', 200, admin);
  if (existing.items.length > 0 && !options.force) throw new SeedRefusedError();
  // A second space in the same instance needs names of its own.
  const runTag = options.force ? `${now.getTime().toString(36).slice(-4)}_` : '';

  // Registration must be open while the seed signs people up; the admin's choice comes back after.
  const { settings } = await call<{
    settings: { signup: string; allowedDomains: string[]; passwordLogin: boolean };
  }>('GET', '/admin/settings', 200, admin);
  if (settings.signup !== 'open') {
    await call('PUT', '/admin/settings', 200, admin, { ...settings, signup: 'open' });
  }
  try {
    return await fill();
  } finally {
    if (settings.signup !== 'open') await call('PUT', '/admin/settings', 200, admin, settings);
    progress.done();
  }

  async function fill(): Promise<SeedSummary> {
    // Channels.
    progress.stage('channels', CHANNELS.length);
    const channelIds = new Map<string, string>();
    for (const plan of CHANNELS) {
      const { channel } = await call<{ channel: { id: string } }>('POST', '/channels', 201, admin, {
        slug: `${runTag.replace('_', '-')}${plan.slug}`,
        name: plan.name,
        description: plan.description,
        visibility: plan.visibility,
      });
      channelIds.set(plan.slug, channel.id);
      progress.tick();
    }
    const channelId = (slug: string): string => channelIds.get(slug) ?? '';

    // People, each with their own session.
    const plans = Array.from({ length: options.people }, (_, i) =>
      personPlan(random, i + 1, runTag, domain),
    );
    const members: Member[] = [];
    progress.stage('people', plans.length);
    await inParallel(plans, limit, async (plan) => {
      const reply = await send({
        method: 'POST',
        path: '/auth/register',
        body: { email: plan.email, password, displayName: plan.displayName, handle: plan.handle },
      });
      if (reply.status !== 201) throw new SeedRequestError('POST', '/auth/register', reply);
      const session = reply.body as { user: { id: string; roles: string[] }; csrfToken: string };
      const auth = { cookie: reply.cookie, csrfToken: session.csrfToken };
      await call('PATCH', '/me', 200, auth, {
        title: plan.title,
        team: plan.team,
        skills: plan.topics,
      });
      if (plan.manager) {
        await call('PATCH', `/admin/users/${session.user.id}`, 200, admin, {
          roles: ['member', 'manager'],
        });
      }
      members.push({ plan, id: session.user.id, auth });
      progress.tick();
    });
    // Registration finishes in any order: sort so that what follows picks the same people.
    members.sort((a, b) => a.plan.handle.localeCompare(b.plan.handle));

    // Memberships: public channels by interest (everyone in learning-lab and announcements),
    // private ones added by the admin.
    const membersOf = new Map<string, Member[]>(CHANNELS.map((c) => [c.slug, []]));
    const joins: { slug: string; member: Member }[] = [];
    for (const member of members) {
      for (const channel of CHANNELS) {
        const interested = channel.topics.some((t) => member.plan.topics.includes(t));
        const wanted =
          channel.visibility === 'private'
            ? (channel.slug === 'leadership' && member.plan.manager) ||
              (channel.slug === 'security-response' && member.plan.team === 'Security')
            : interested ||
              channel.topics.length === 0 ||
              channel.slug === 'learning-lab' ||
              random.chance(0.15);
        if (wanted) {
          joins.push({ slug: channel.slug, member });
          membersOf.get(channel.slug)?.push(member);
        }
      }
    }
    progress.stage('memberships', joins.length);
    await inParallel(joins, limit, async ({ slug, member }) => {
      const plan = CHANNELS.find((c) => c.slug === slug);
      if (plan?.visibility === 'private') {
        const reply = await send({
          method: 'POST',
          path: `/channels/${channelId(slug)}/members`,
          body: { userId: member.id },
          auth: admin,
        });
        if (reply.status !== 204)
          throw new SeedRequestError('POST', '/channels/:id/members', reply);
      } else {
        const reply = await send({
          method: 'POST',
          path: `/channels/${channelId(slug)}/join`,
          auth: member.auth,
        });
        if (reply.status !== 204) throw new SeedRequestError('POST', '/channels/:id/join', reply);
      }
      progress.tick();
    });

    // Posts in channels whose topics they belong to, by the channel's members.
    const postChannels = CHANNELS.filter(
      (c) => c.topics.length > 0 && (membersOf.get(c.slug)?.length ?? 0) > 0,
    );
    const postPlans: { channel: string; author: Member; plan: PostPlan }[] = [];
    for (let i = 0; i < options.posts; i++) {
      // Private channels are small: one post in twenty goes there.
      const pool = random.chance(0.05)
        ? postChannels.filter((c) => c.visibility === 'private')
        : postChannels.filter((c) => c.visibility === 'public');
      const channel = random.pick(pool.length > 0 ? pool : postChannels);
      const author = random.pick(membersOf.get(channel.slug) ?? []);
      postPlans.push({
        channel: channel.slug,
        author,
        plan: postPlan(random, random.pick(channel.topics)),
      });
    }
    const created: { order: number; id: string; channel: string; author: Member; kind: string }[] =
      [];
    progress.stage('posts', postPlans.length);
    await inParallel(
      postPlans.map((plan, order) => ({ ...plan, order })),
      limit,
      async ({ channel, author, plan, order }) => {
        const { post } = await call<{ post: { id: string } }>('POST', '/posts', 201, author.auth, {
          channelId: channelId(channel),
          ...plan,
        });
        created.push({ order, id: post.id, channel, author, kind: plan.kind });
        progress.tick();
      },
    );
    // Posts finish in any order and their ids differ per run: the plan's order keeps every later
    // draw (answers, votes, learners) the same for the same seed.
    const posts = created.sort((a, b) => a.order - b.order);

    // Answers (most questions get one to three), accepted by the asker for most answered ones.
    const answerPlans: {
      postId: string;
      asker: Member;
      by: Member;
      body: string;
      accept: boolean;
    }[] = [];
    for (const post of posts.filter((p) => p.kind === 'question')) {
      const others = (membersOf.get(post.channel) ?? []).filter((m) => m !== post.author);
      const count = others.length === 0 || random.chance(0.15) ? 0 : random.int(1, 3);
      const acceptAt = random.chance(0.6) ? random.int(0, count - 1) : -1;
      random.sample(others, count).forEach((by, i) =>
        answerPlans.push({
          postId: post.id,
          asker: post.author,
          by,
          body: answerBody(random),
          accept: i === acceptAt,
        }),
      );
    }
    let accepted = 0;
    progress.stage('answers', answerPlans.length);
    await inParallel(answerPlans, limit, async (plan) => {
      const { answer } = await call<{ answer: { id: string } }>(
        'POST',
        `/posts/${plan.postId}/answers`,
        201,
        plan.by.auth,
        { body: plan.body },
      );
      if (plan.accept) {
        await call('POST', `/answers/${answer.id}/accept`, 200, plan.asker.auth);
        accepted++;
      }
      progress.tick();
    });

    // Helpful votes from channel members.
    const votePlans: { postId: string; by: Member }[] = [];
    for (const post of posts) {
      const others = (membersOf.get(post.channel) ?? []).filter((m) => m !== post.author);
      for (const by of random.sample(others, random.int(0, 4)))
        votePlans.push({ postId: post.id, by });
    }
    progress.stage('votes', votePlans.length);
    await inParallel(votePlans, limit, async ({ postId, by }) => {
      await call('PUT', `/posts/${postId}/vote`, 200, by.auth, { value: 1 });
      progress.tick();
    });

    // Goals and learning logs for a third of the people (one at least).
    const learners = random.sample(members, Math.max(1, Math.round(members.length / 3)));
    const learningPlans = learners.map((member) => {
      const topic = random.pick(member.plan.topics);
      const entries = Array.from({ length: random.int(1, 3) }, (_, i) => ({
        ...logPlan(random, topic),
        date: new Date(now.getTime() - (i + 1) * 3 * DAY_MS).toISOString().slice(0, 10),
      }));
      return { member, topic, goal: goalPlan(random, topic), entries };
    });
    let logEntries = 0;
    progress.stage('learning', learningPlans.length);
    await inParallel(learningPlans, limit, async ({ member, topic, goal, entries }) => {
      const created = await call<{ goal: { id: string } }>('POST', '/goals', 201, member.auth, {
        ...goal,
        tags: [topic],
        targetDate: new Date(now.getTime() + 60 * DAY_MS).toISOString().slice(0, 10),
        visibility: 'public',
      });
      for (const entry of entries) {
        await call('POST', '/log', 201, member.auth, {
          ...entry,
          goalId: created.goal.id,
          visibility: 'public',
        });
        logEntries++;
      }
      progress.tick();
    });

    // A 30-day challenge under way: started six days ago (the API allows seven at most), a third
    // of the people in it.
    const { challenge } = await call<{ challenge: { id: string } }>(
      'POST',
      '/challenges',
      201,
      admin,
      {
        channelId: channelId('learning-lab'),
        title: CHALLENGE.title,
        description: CHALLENGE.description,
        tag: CHALLENGE.tag,
        startDate: new Date(now.getTime() - 6 * DAY_MS).toISOString().slice(0, 10),
        timeZone: 'UTC',
        prompts: CHALLENGE.prompts,
      },
    );
    const lab = membersOf.get('learning-lab') ?? [];
    const participants = random.sample(lab, Math.max(1, Math.round(lab.length / 3)));
    let checkIns = 0;
    progress.stage('challenge', participants.length);
    await inParallel(participants, limit, async (member) => {
      await call('POST', `/challenges/${challenge.id}/join`, 200, member.auth);
      // Checking in needs the day's prompt to be posted; before the learning service posts it
      // the check-in is refused, which leaves this person without a streak yet.
      const reply = await send({
        method: 'POST',
        path: `/challenges/${challenge.id}/days/7/checkin`,
        body: { body: answerBody(random) },
        auth: member.auth,
      });
      if (reply.status === 201) checkIns++;
      progress.tick();
    });

    // The announcement campaign: the first one stays pinned for two weeks.
    progress.stage('announcements', ANNOUNCEMENTS.length);
    let pinnedAnnouncementId = '';
    for (const [i, announcement] of ANNOUNCEMENTS.entries()) {
      const { post } = await call<{ post: { id: string } }>('POST', '/posts', 201, admin, {
        channelId: channelId('announcements'),
        kind: 'announcement',
        ...announcement,
        tags: ['campaign'],
        ...(i === 0 ? { pinnedUntil: new Date(now.getTime() + 14 * DAY_MS).toISOString() } : {}),
      });
      if (i === 0) pinnedAnnouncementId = post.id;
      progress.tick();
    }

    return {
      people: members.length,
      channels: channelIds.size,
      posts: posts.length,
      questions: posts.filter((p) => p.kind === 'question').length,
      answers: answerPlans.length,
      accepted,
      votes: votePlans.length,
      goals: learningPlans.length,
      logEntries,
      checkIns,
      challengeId: challenge.id,
      pinnedAnnouncementId,
    };
  }
}
