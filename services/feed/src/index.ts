export { feedMigrations, FEED_SCHEMA, startFeed } from './app.js';
export type { FeedDeps, FeedService } from './app.js';
export type { FeedDB } from './db.js';
export { rank, RANK_DECAY_SECONDS, RANK_EPOCH, UNANSWERED_WINDOW_DAYS } from './posts/ranking.js';
