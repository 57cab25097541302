import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { asSession, createWorld, register } from './helpers.js';

/** Errors Fastify's router raises before any route or hook runs. */
describe('addresses the router refuses', { timeout: 30_000 }, () => {
  it('answer 400 in the error format for a path that is not percent-encoded UTF-8', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const session = await register(app);
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/users/a%ED%A0%80b',
      headers: asSession(session),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: { code: 'bad_request', message: expect.stringContaining('not valid') },
    });
  });

  it('answer 400 in the error format for a path parameter over the length limit', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/users/${'x'.repeat(200)}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: { code: 'bad_request', message: 'A part of the address is too long.' },
    });
  });
});

describe('requests the HTTP parser refuses', { timeout: 30_000 }, () => {
  it('answer 400 in the error format and close the connection for a URL over the header limit', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const response = await new Promise<{ status: number; connection: string; body: string }>(
      (resolve, reject) => {
        const request = http.get(`${base}/api/v1/users/${'x'.repeat(20_000)}`, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              connection: res.headers.connection ?? '',
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        });
        request.on('error', reject);
      },
    );
    expect(response.status).toBe(400);
    expect(response.connection).toBe('close');
    expect(JSON.parse(response.body)).toEqual({
      error: { code: 'bad_request', message: 'The address and headers are too large.' },
    });
  });
});
