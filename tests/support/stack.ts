import { startStack, type RunningStack } from '@outloud/infra';
import { createTestDatabase, testMeili, testNatsUrl, testPrefix } from '@outloud/testkit';

export interface TestStack extends AsyncDisposable {
  stack: RunningStack;
  url: string;
  /** The stack's own database, for a test that must age a row instead of waiting. */
  databaseUrl: string;
  /** Everything the services logged, for failure messages. */
  logs: string[];
}

/**
 * Every service as a real process, on this test file's own database, subject prefix and index
 * prefix, sharing the run's Meilisearch.
 */
export async function startTestStack(
  options: { env?: Record<string, string>; buildWeb?: boolean } = {},
): Promise<TestStack> {
  const database = await createTestDatabase({ migrations: [] });
  const logs: string[] = [];
  let stack: RunningStack;
  try {
    stack = await startStack({
      databaseUrl: database.url,
      natsUrl: testNatsUrl(),
      meili: testMeili(),
      prefix: testPrefix(),
      logLevel: 'warn',
      buildWeb: options.buildWeb ?? false,
      env: {
        RATE_REGISTER_PER_HOUR: '10000',
        RATE_WRITES_PER_MINUTE: '10000',
        // Everyone in a test stack is new: no first-day caps unless a test asks for them.
        NEWCOMER_HOURS: '0',
        ...options.env,
      },
      sink: (source, line) => {
        logs.push(`[${source}] ${line}`);
      },
    });
  } catch (error) {
    await database.drop();
    throw new Error(`stack failed to start:\n${logs.slice(-40).join('\n')}`, { cause: error });
  }
  return {
    stack,
    url: stack.url,
    databaseUrl: database.url,
    logs,
    async [Symbol.asyncDispose]() {
      await stack.stop();
      await database.drop();
    },
  };
}
