export { createTestDatabase, dropStaleTestDatabases, serverUrl } from './database.js';
export type { TestDatabase } from './database.js';
export { testMeili, testNatsUrl, testPrefix } from './isolation.js';
export type { MeiliEndpoint } from './isolation.js';
export { eventually } from './wait.js';
export { multipartBody, type MultipartPart } from './multipart.js';
export { solidPng } from './png.js';
export { startPrivateNatsServer } from './nats-server.js';
export type { PrivateNatsServer } from './nats-server.js';
export { startPrivatePostgres, type PrivatePostgres } from './postgres-cluster.js';
export { createServiceWorld } from './world.js';
export type { ServiceWorld, WorldBus } from './world.js';
export {
  authorOf,
  channelInput,
  makeActor,
  makeAnswer,
  makePost,
  person,
  postInput,
  randomLetters,
  randomWord,
} from './factories.js';
export { silentLogger } from './logger.js';
export type { SilentLogger } from './logger.js';
export { startMailCatcher } from './mail-catcher.js';
export type { CaughtMail, MailCatcher } from './mail-catcher.js';
export { startOidcProvider } from './oidc-provider.js';
export type { TestOidcAccount, TestOidcClient, TestOidcProvider } from './oidc-provider.js';
