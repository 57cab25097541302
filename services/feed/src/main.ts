import { runService, type ServiceContext } from '@outloud/service-kit';
import { feedMigrations, startFeed } from './app.js';
import { loadConfig, type FeedConfig } from './config.js';
import type { FeedDB } from './db.js';

await runService({
  name: 'feed',
  loadConfig,
  migrations: feedMigrations,
  start: ({ config, ...deps }: ServiceContext<FeedConfig, FeedDB>) =>
    startFeed({
      ...deps,
      databaseUrl: config.DATABASE_URL,
      reviewSweepSeconds: config.REVIEW_SWEEP_SECONDS,
      flagHideThreshold: config.FLAG_HIDE_THRESHOLD,
    }),
});
