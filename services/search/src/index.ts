export { searchMigrations, SEARCH_SCHEMA, startSearch } from './app.js';
export type { SearchDeps, SearchService } from './app.js';
export type { SearchDB } from './db.js';
export { reindex, SYSTEM_ACTOR } from './reindex/reindex.js';
export type { ReindexOptions, ReindexPhase } from './reindex/reindex.js';
