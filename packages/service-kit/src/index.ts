export { nodeProcess } from './host.js';
export type { ProcessHost } from './host.js';
export { natsCheck, runService } from './run-service.js';
export type {
  BaseServiceConfig,
  RunningService,
  RunOptions,
  ServiceContext,
  ServiceDefinition,
  Stoppable,
} from './run-service.js';
export { baseSettings } from './settings.js';
export { createShutdown } from './shutdown.js';
export type { Shutdown, ShutdownLogger, ShutdownStep } from './shutdown.js';
