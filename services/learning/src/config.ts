import { PREFIX_PATTERN } from '@outloud/contracts';
import { env, readConfig } from '@outloud/ops';

export function loadConfig(source: Record<string, string | undefined>) {
  return readConfig(
    {
      DATABASE_URL: env.url({
        default: 'postgres://postgres:postgres@127.0.0.1:5432/outloud',
        protocols: ['postgres:', 'postgresql:'],
      }),
      NATS_URL: env.string({ default: 'nats://127.0.0.1:4222' }),
      OUTLOUD_PREFIX: env.string({
        default: '',
        pattern: PREFIX_PATTERN,
        hint: 'lowercase letters, digits, _',
      }),
      OPS_PORT: env.int({ default: 8084, min: 0, max: 65535 }),
      OPS_HOST: env.string({ default: '127.0.0.1' }),
      LOG_LEVEL: env.string({
        default: 'info',
        pattern: /^(fatal|error|warn|info|debug|trace|silent)$/,
      }),
      DB_POOL_SIZE: env.int({ default: 10, min: 1, max: 200 }),
      /** How often due challenge prompts are looked for. */
      LEARNING_PROMPT_INTERVAL_MS: env.int({ default: 30_000, min: 100, max: 3_600_000 }),
    },
    source,
  );
}
export type LearningConfig = ReturnType<typeof loadConfig>;
