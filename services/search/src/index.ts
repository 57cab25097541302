export { searchMigrations, SEARCH_SCHEMA, startSearch } from './app.js';
export type { SearchDeps, SearchService } from './app.js';
export type { SearchDB } from './db.js';
