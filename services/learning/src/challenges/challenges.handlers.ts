import type { RpcHandlers } from '@outloud/bus';
import { Limits, type Actor, type LearningRpc } from '@outloud/contracts';
import type { LearningContext } from '../context.js';
import { leadsLearning } from '../context.js';
import { decodeCursor, pageOf } from '../cursor.js';
import { errors } from '../errors.js';
import {
  dateOfDay,
  dayAt,
  daysBetween,
  isCalendarDate,
  isTimeZone,
  localDate,
  startOfDay,
} from './calendar.js';
import { recordCheckIn } from './checkins.js';
import {
  cohortCounts,
  findChallenge,
  listChallenges,
  progressOf,
  promptsOf,
  type ChallengeRow,
} from './challenges.repository.js';
import { MIN_GROUP_SIZE, progressView, toChallenge } from './challenges.logic.js';
import { checkInWindow } from './streaks.js';

type ChallengeVerbs =
  | 'createChallenge'
  | 'listChallenges'
  | 'getChallenge'
  | 'joinChallenge'
  | 'leaveChallenge'
  | 'checkIn'
  | 'cohort';

/** Start dates may lie a little in the past (a cohort that started last week) or up to a year ahead. */
const START_WINDOW_DAYS = 365;
/**
 * How far back a challenge may start: enough to open one a day or two late, not so far that its
 * missed prompts would flood the channel at once (each past day's prompt is posted on creation).
 */
const START_PAST_DAYS = 7;

/** Challenges: L&D and managers create them; anyone who can see the channel joins and checks in. */
export function challengeHandlers(
  ctx: LearningContext,
  onCreated: () => void,
): Pick<RpcHandlers<typeof LearningRpc>, ChallengeVerbs> {
  const { db } = ctx;

  const visible = async (id: string, channelIds: readonly string[]): Promise<ChallengeRow> => {
    const row = await findChallenge(db, id);
    if (!row || !channelIds.includes(row.channelId)) throw errors.challengeNotFound();
    return row;
  };
  const view = async (row: ChallengeRow, actor: Actor) => {
    const [prompts, mine] = await Promise.all([
      promptsOf(db, [row.id]),
      progressOf(db, actor.id, [row.id]),
    ]);
    return toChallenge(
      row,
      prompts.get(row.id),
      { joinedAt: mine.joined.get(row.id), days: mine.days.get(row.id) ?? [] },
      ctx.clock(),
    );
  };

  return {
    async createChallenge({ actor, channelIds, input }) {
      if (!leadsLearning(actor)) {
        throw errors.forbidden('Only L&D, managers and admins create challenges.');
      }
      if (!channelIds.includes(input.channelId)) throw errors.channelNotFound();
      if (!isTimeZone(input.timeZone)) {
        throw errors.invalid('timeZone', 'must be an IANA time zone such as Europe/Berlin');
      }
      if (!isCalendarDate(input.startDate))
        throw errors.invalid('startDate', 'must be a real date');
      const now = ctx.clock();
      const clock = {
        startDate: input.startDate,
        days: input.prompts.length,
        timeZone: input.timeZone,
      };
      const offset = daysBetween(localDate(now, input.timeZone), input.startDate);
      if (offset > START_WINDOW_DAYS || offset < -START_PAST_DAYS) {
        throw errors.invalid(
          'startDate',
          `must be between ${START_PAST_DAYS} days ago and a year from today`,
        );
      }
      const id = ctx.newId();
      await db
        .insertInto('learn.challenges')
        .values({
          id,
          channelId: input.channelId,
          title: input.title,
          description: input.description ?? '',
          tag: input.tag ?? null,
          startDate: input.startDate,
          days: input.prompts.length,
          timeZone: input.timeZone,
          prompts: JSON.stringify(input.prompts),
          createdBy: JSON.stringify(actor),
          createdAt: now,
          nextPromptDay: 1,
          nextPromptAt: startOfDay(clock, 1),
        })
        .execute();
      onCreated();
      return { challenge: await view((await findChallenge(db, id))!, actor) };
    },

    async listChallenges({ actor, channelIds, query }) {
      const limit = query.limit ?? Limits.pageDefault;
      const after = decodeCursor(query.cursor);
      const scope = query.channelId ? channelIds.filter((c) => c === query.channelId) : channelIds;
      const rows = await listChallenges(db, {
        channelIds: scope,
        after: after && { createdAt: after.at, id: after.id },
        limit: limit + 1,
      });
      const shown = rows.slice(0, limit);
      const ids = shown.map((r) => r.id);
      const [prompts, mine] = await Promise.all([
        promptsOf(db, ids),
        progressOf(db, actor.id, ids),
      ]);
      const now = ctx.clock();
      return pageOf(
        rows,
        limit,
        (r) => ({ at: r.createdAt, id: r.id }),
        (r) =>
          toChallenge(
            r,
            prompts.get(r.id),
            { joinedAt: mine.joined.get(r.id), days: mine.days.get(r.id) ?? [] },
            now,
          ),
      );
    },

    async getChallenge({ actor, channelIds, id }) {
      return { challenge: await view(await visible(id, channelIds), actor) };
    },

    async joinChallenge({ actor, channelIds, id }) {
      const row = await visible(id, channelIds);
      if (dayAt(row, ctx.clock()) > row.days) throw errors.conflict('This challenge is over.');
      await db
        .insertInto('learn.participants')
        .values({ challengeId: id, userId: actor.id, joinedAt: ctx.clock() })
        .onConflict((oc) => oc.doNothing())
        .execute();
      return { challenge: await view((await findChallenge(db, id))!, actor) };
    },

    async leaveChallenge({ actor, channelIds, id }) {
      await visible(id, channelIds);
      // Their check-ins go too: the cohort and completion figures count participants only.
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('learn.checkins')
          .where('challengeId', '=', id)
          .where('userId', '=', actor.id)
          .execute();
        await trx
          .deleteFrom('learn.participants')
          .where('challengeId', '=', id)
          .where('userId', '=', actor.id)
          .execute();
      });
      return { challenge: await view((await findChallenge(db, id))!, actor) };
    },

    async checkIn({ actor, channelIds, id, day, body }) {
      const row = await visible(id, channelIds);
      const now = ctx.clock();
      const today = dayAt(row, now);
      const mine = await progressOf(db, actor.id, [id]);
      if (!mine.joined.has(id)) throw errors.conflict('Join the challenge to check in.');
      const window = checkInWindow(day, today, row.days);
      if (window !== 'open') {
        throw errors.invalid(
          'day',
          window === 'closed'
            ? `day ${day} is closed; check-ins count on their day and the day after`
            : `day ${day} has not started yet`,
        );
      }
      const prompt = (await promptsOf(db, [id])).get(id)?.get(day);
      if (!prompt) throw errors.conflict(`The prompt of day ${day} has not been posted yet.`);
      const { answer } = await ctx.feed.call('createAnswer', {
        actor,
        postId: prompt,
        input: { body },
      });
      // Recorded now so the person sees it at once; the answer's event finds it already there.
      await db
        .transaction()
        .execute((trx) =>
          recordCheckIn(
            trx,
            ctx.names,
            { challenge: row, userId: actor.id, day, answerId: answer.id, at: now },
            now,
            actor,
          ),
        );
      const after = await progressOf(db, actor.id, [id]);
      return {
        day,
        answerId: answer.id,
        me: progressView(row, today, after.joined.get(id), after.days.get(id) ?? []),
      };
    },

    async cohort({ channelIds, id }) {
      const row = await visible(id, channelIds);
      const counts = await cohortCounts(db, id);
      const withheld = row.participantCount < MIN_GROUP_SIZE;
      const open = Math.min(dayAt(row, ctx.clock()), row.days);
      const days = [];
      for (let day = 1; day <= open; day++) {
        days.push({
          day,
          date: dateOfDay(row, day),
          checkedIn: withheld ? null : (counts.get(day) ?? 0),
        });
      }
      return {
        challengeId: id,
        participants: row.participantCount,
        minGroupSize: MIN_GROUP_SIZE,
        withheld,
        days,
      };
    },
  };
}
