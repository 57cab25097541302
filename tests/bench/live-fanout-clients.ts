/**
 * One client process of the live fan-out bench (`live-fanout.ts` forks several, so the sockets'
 * decoding is spread over processes instead of queueing behind one event loop). It opens its
 * share of socket.io clients, subscribes each to the channel, and records when every
 * `post:created` arrives, on the clock shared by all processes (`performance.timeOrigin`).
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@outloud/contracts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What the bench asks of this process. */
export type ClientsCommand =
  | { kind: 'open'; url: string; cookies: string[]; channelId: string }
  | { kind: 'report' }
  | { kind: 'close' };

/** What this process answers. */
export type ClientsReply =
  | { kind: 'opened'; sockets: number }
  | { kind: 'failed'; message: string }
  | { kind: 'report'; receipts: [postId: string, times: number[]][]; cpuMs: number };

/** Milliseconds since the epoch with sub-millisecond precision, comparable across processes. */
export const sharedClock = () => performance.timeOrigin + performance.now();

const sockets: ClientSocket[] = [];
/** Per post id, the receipt time at each socket. */
const receipts = new Map<string, number[]>();
const reply = (message: ClientsReply) => process.send!(message);

/** Opens one socket and resolves once its channel room is confirmed. */
function open(url: string, cookie: string, channelId: string): Promise<void> {
  const socket: ClientSocket = io(url, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    reconnection: false,
  });
  socket.on('post:created', ({ post }) => {
    const now = sharedClock();
    let list = receipts.get(post.id);
    if (!list) receipts.set(post.id, (list = []));
    list.push(now);
  });
  sockets.push(socket);
  return new Promise<void>((resolve, reject) => {
    socket.once('connect', () => socket.emit('channel:subscribe', { channelId }));
    socket.once('channel:subscribed', () => resolve());
    socket.once('error', (error) => reject(new Error(`${error.code}: ${error.message}`)));
    socket.once('connect_error', reject);
  });
}

async function openAll(command: Extract<ClientsCommand, { kind: 'open' }>): Promise<void> {
  const { url, cookies, channelId } = command;
  // Batches, so the gateway authenticates a hundred handshakes at a time, not thousands.
  for (let i = 0; i < cookies.length; i += 100) {
    await Promise.all(cookies.slice(i, i + 100).map((cookie) => open(url, cookie, channelId)));
  }
}

const cpuAtStart = process.cpuUsage();
process.on('message', (command: ClientsCommand) => {
  switch (command.kind) {
    case 'open':
      openAll(command).then(
        () => reply({ kind: 'opened', sockets: sockets.length }),
        (error: unknown) => reply({ kind: 'failed', message: String(error) }),
      );
      return;
    case 'report': {
      const cpu = process.cpuUsage(cpuAtStart);
      reply({ kind: 'report', receipts: [...receipts], cpuMs: (cpu.user + cpu.system) / 1000 });
      receipts.clear();
      return;
    }
    case 'close':
      for (const socket of sockets) socket.close();
      process.disconnect();
      return;
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
});
