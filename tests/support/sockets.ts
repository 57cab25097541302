import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@outloud/contracts';

/** A socket.io client typed with the API's events. */
export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How a socket signs in: a session cookie, or an API token in the handshake. */
export type SocketCredential = { cookie: string } | { token: string };

/**
 * Opens a socket to a listening gateway (websocket only, no reconnection, so a closed socket stays
 * closed) and adds it to `opened` for the test's clean-up. Not yet connected: listeners added now
 * see the first events.
 */
export function openSocket(
  url: string,
  credential: SocketCredential,
  opened: ClientSocket[],
): ClientSocket {
  const socket: ClientSocket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    ...('cookie' in credential
      ? { extraHeaders: { cookie: credential.cookie } }
      : { auth: { token: credential.token } }),
  });
  opened.push(socket);
  return socket;
}

/** Resolves once the socket is connected; rejects when the handshake is refused. */
export function connected(socket: ClientSocket): Promise<ClientSocket> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}
