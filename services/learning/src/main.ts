import { runService, type ServiceContext } from '@outloud/service-kit';
import { learningMigrations, startLearning } from './app.js';
import { loadConfig, type LearningConfig } from './config.js';
import type { LearnDB } from './db.js';

await runService({
  name: 'learning',
  loadConfig,
  migrations: learningMigrations,
  start: ({ config, ...deps }: ServiceContext<LearningConfig, LearnDB>) =>
    startLearning({
      ...deps,
      databaseUrl: config.DATABASE_URL,
      promptIntervalMs: config.LEARNING_PROMPT_INTERVAL_MS,
    }),
});
