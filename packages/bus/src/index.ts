export { connectNats, drainNats } from './connection.js';
export type { BusLogger, NatsConnection } from './connection.js';
export { isErrorCode, PermanentError, RpcError } from './errors.js';
export { dataExceptionAsRpcError, isPgDataException, pgDataExceptionIn } from './pg-errors.js';
export { serveRpc } from './rpc-server.js';
export type { RpcHandlers, RpcService } from './rpc-server.js';
export { rpcClient } from './rpc-client.js';
export type { RpcClient } from './rpc-client.js';
export { deleteEventStream, ensureEventStream } from './stream.js';
export { createEnvelope } from './envelope.js';
export { createOutboxTable, enqueueEvents, startOutboxRelay } from './outbox.js';
export type { OutboxRelay, OutboxRelayOptions } from './outbox.js';
export { startDurableConsumer } from './consumer.js';
export type {
  ConsumerStats,
  DurableConsumer,
  DurableConsumerOptions,
  EventOf,
  EventSchemas,
} from './consumer.js';
export { createProcessedEventsTable, oncePerEvent } from './idempotency.js';
export { decodeJson, encodeJson } from './codec.js';
export { watchInvalidations } from './invalidations.js';
export type { InvalidationHandlers, InvalidationWatch } from './invalidations.js';
export { readStoredEvents } from './read-events.js';
export { readEventsAfter, tailEvents } from './event-tail.js';
export type { EventTail, EventsAfter, PositionedEvent } from './event-tail.js';
export { publishEvent } from './publish.js';
