export { buildApp } from './app.js';
export type { BuildAppDeps } from './app.js';
export { gatewayConfig, readGatewayConfig } from './config.js';
export type { GatewayConfig } from './config.js';
export { gatewayMigrations, migrateGateway } from './db.js';
export type { GatewayDatabase } from './db.js';
export { AppError, errors, isErrorCode } from './core/errors.js';
export type { AppErrorOptions } from './core/errors.js';
export { toApiError } from './core/error-handler.js';
export type { ApiError } from './core/error-handler.js';
export { registerRateLimit, writeRateLimit } from './core/rate-limit.js';
export { errorResponses, NoContent, signedIn, Tags } from './core/openapi.js';
export type { App } from './core/types.js';
export { actorOf, requireActor, requireRole } from './identity/auth.hooks.js';
export { createIdentity, emptyProfileStats } from './identity/identity.service.js';
export type {
  Authentication,
  Identity,
  ProfileStats,
  ProfileStatsSource,
} from './identity/identity.service.js';
export { SESSION_COOKIE } from './identity/sessions.js';
export { issueSetupToken, needsSetup, setupLink } from './identity/setup.js';
