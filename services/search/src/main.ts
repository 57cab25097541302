import { runService, type ServiceContext } from '@outloud/service-kit';
import { searchMigrations, startSearch } from './app.js';
import { loadConfig, type SearchConfig } from './config.js';
import type { SearchDB } from './db.js';

await runService({
  name: 'search',
  loadConfig,
  migrations: searchMigrations,
  start: ({ config, ...deps }: ServiceContext<SearchConfig, SearchDB>) =>
    startSearch({
      ...deps,
      meili: { url: config.MEILI_URL, key: config.MEILI_KEY },
      batchDelayMs: config.SEARCH_BATCH_DELAY_MS,
    }),
  checks: (search) => ({ meilisearch: async () => void (await search.meili.health()) }),
});
