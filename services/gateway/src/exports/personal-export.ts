import type { Kysely } from 'kysely';
import type {
  Actor,
  ExportRecord,
  FeedExportEntity,
  LearningExportEntity,
} from '@outloud/contracts';
import type { IdentityDatabase } from '../identity/identity.tables.js';
import type { ServiceClients } from '../services/clients.js';
import { EXPORTED_USER_COLUMNS } from './user-columns.js';

const PAGE = 500;

export interface PersonalExportDeps {
  db: Kysely<IdentityDatabase>;
  services: Pick<ServiceClients, 'feed' | 'learning' | 'notification'>;
  clock: () => Date;
}

/** Sections of the document, each the person's rows of one entity, by the service that owns it. */
const FEED_SECTIONS: [string, FeedExportEntity][] = [
  ['posts', 'posts'],
  ['answers', 'answers'],
  ['votes', 'votes'],
  ['bookmarks', 'bookmarks'],
  ['follows', 'follows'],
  ['channelMemberships', 'memberships'],
];
const LEARNING_SECTIONS: [string, LearningExportEntity][] = [
  ['goals', 'goals'],
  ['goalEvidence', 'evidence'],
  ['learningLog', 'log'],
  ['challenges', 'challenges'],
  ['challengeParticipation', 'participants'],
  ['challengeCheckins', 'checkins'],
];

/**
 * A person's own data (GDPR art. 15 and 20) as one JSON document, written section by section and
 * page by page, so however much someone wrote, memory holds one page: their account (no password
 * or secrets), API token names, notification preferences, posts, answers, votes, bookmarks,
 * follows, memberships and their whole learning record.
 */
export async function* personalExport(deps: PersonalExportDeps, actor: Actor) {
  const user = await deps.db
    .selectFrom('identity.users')
    .select(EXPORTED_USER_COLUMNS)
    .where('id', '=', actor.id)
    .executeTakeFirstOrThrow();
  const tokens = await deps.db
    .selectFrom('identity.apiTokens')
    .select(['name', 'createdAt', 'lastUsedAt', 'expiresAt'])
    .where('userId', '=', actor.id)
    .orderBy('createdAt')
    .execute();
  const preferences = await deps.services.notification.call('getPreferences', { actor });
  yield `{"format":"outloud.personal-export.v1","exportedAt":${JSON.stringify(deps.clock().toISOString())}`;
  yield `,"profile":${JSON.stringify(user)},"apiTokens":${JSON.stringify(tokens)}`;
  yield `,"notificationPreferences":${JSON.stringify(preferences)}`;

  async function* section(
    name: string,
    page: (
      after: string | undefined,
    ) => Promise<{ items: ExportRecord[]; nextAfter: string | null }>,
  ) {
    yield `,${JSON.stringify(name)}:[`;
    let after: string | undefined;
    let first = true;
    for (;;) {
      const { items, nextAfter } = await page(after);
      for (const item of items) {
        yield (first ? '' : ',') + JSON.stringify(item);
        first = false;
      }
      if (nextAfter === null) break;
      after = nextAfter;
    }
    yield ']';
  }

  const query = { actor, userId: actor.id, limit: PAGE };
  for (const [name, entity] of FEED_SECTIONS) {
    yield* section(name, (after) =>
      deps.services.feed.call('exportRecords', { ...query, entity, after }),
    );
  }
  for (const [name, entity] of LEARNING_SECTIONS) {
    yield* section(name, (after) =>
      deps.services.learning.call('exportRecords', { ...query, entity, after }),
    );
  }
  yield '}\n';
}
