export { ConfigError, env, readConfig, serviceSettings } from './config.js';
export type { Reader } from './config.js';
export { createLogger } from './logger.js';
export type { Logger } from './logger.js';
export { createMetrics, failingChecks, startOpsServer } from './ops-server.js';
export type { OpsServer, ReadinessCheck } from './ops-server.js';
