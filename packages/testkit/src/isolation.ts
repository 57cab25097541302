import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

/** A unique `OUTLOUD_PREFIX` for one test file: its own subjects, stream, consumers and indexes. */
export function testPrefix(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

export function testNatsUrl(): string {
  return process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
}

export interface MeiliEndpoint {
  url: string;
  key: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    meili: MeiliEndpoint;
  }
}

/**
 * The Meilisearch shared by this test run (started once by the global setup); each test file
 * keeps to its own index names through its prefix.
 */
export function testMeili(): MeiliEndpoint {
  return inject('meili');
}
