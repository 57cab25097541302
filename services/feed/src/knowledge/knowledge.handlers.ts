import type { FeedContext } from '../context.js';
import { duplicateHandlers } from './duplicates.handlers.js';
import { freshnessHandlers } from './freshness.handlers.js';
import { reviewHandlers } from './reviews.handlers.js';

/** Duplicates, reviews and the freshness report: knowledge that stays trustworthy. */
export function knowledgeHandlers(ctx: FeedContext) {
  return { ...duplicateHandlers(ctx), ...reviewHandlers(ctx), ...freshnessHandlers(ctx) };
}
