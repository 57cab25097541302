export { startMeilisearch } from './process.js';
export type { MeiliExit, MeiliLogLevel, MeiliProcess, StartMeilisearchOptions } from './process.js';
export { freePort } from './free-port.js';
export { installBinary, packagedBinaryPath } from './binary.js';
