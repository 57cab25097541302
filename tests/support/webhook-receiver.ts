import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got, and what it answered. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

/**
 * A real HTTP server standing in for Slack, Teams or an integration: it records every POST and
 * answers with the status `answer` picks (200 unless told). It can be stopped (connections cut)
 * and started again on the same port, as a receiver that goes down and comes back.
 */
export interface WebhookReceiver extends AsyncDisposable {
  readonly url: string;
  readonly received: Received[];
  /** The status for the next request (`n`: requests so far, 0-based). */
  answer: (n: number) => number;
  /** The requests answered with a 2xx, by their `webhook-id`. */
  delivered(): Map<string, Received[]>;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function webhookReceiver(path = '/hook'): Promise<WebhookReceiver> {
  const received: Received[] = [];
  let port = 0;
  let server: Server | undefined;
  const receiver: WebhookReceiver = {
    url: '',
    received,
    answer: () => 200,
    delivered() {
      const byId = new Map<string, Received[]>();
      for (const r of received) {
        if (r.answered < 200 || r.answered > 299) continue;
        const id = String(r.headers['webhook-id']);
        byId.set(id, [...(byId.get(id) ?? []), r]);
      }
      return byId;
    },
    async start() {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const answered = receiver.answer(received.length);
          received.push({
            headers: req.headers,
            body: Buffer.concat(chunks).toString(),
            answered,
          });
          res.writeHead(answered).end();
        });
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
      (receiver as { url: string }).url = `http://127.0.0.1:${port}${path}`;
    },
    async stop() {
      const current = server;
      server = undefined;
      if (!current) return;
      current.closeAllConnections();
      await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    [Symbol.asyncDispose]: () => receiver.stop(),
  };
  await receiver.start();
  return receiver;
}
