export { learningMigrations, LEARN_SCHEMA, startLearning } from './app.js';
export type { LearningDeps, LearningService } from './app.js';
export type { LearnDB } from './db.js';
