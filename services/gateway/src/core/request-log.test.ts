import Fastify from 'fastify';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { requestLogger, serializeRequest } from './request-log.js';

describe('request logs', () => {
  it('leave out the query string', () => {
    const request = {
      method: 'GET',
      url: '/api/v1/invitations/lookup?token=s3cret',
      ip: '10.0.0.1',
    };
    expect(serializeRequest(request)).toEqual({
      method: 'GET',
      url: '/api/v1/invitations/lookup?…',
      remoteAddress: '10.0.0.1',
    });
    expect(serializeRequest({ ...request, url: '/api/v1/me' }).url).toBe('/api/v1/me');
  });

  it('never carry a token from the URL when Fastify logs a request', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const app = Fastify({ loggerInstance: requestLogger(logger) });
    app.get('/lookup', async () => ({ ok: true }));
    await app.inject({ url: '/lookup?token=s3cret&code=abc' });
    await app.close();
    const logged = lines.join('');
    expect(logged).toContain('"url":"/lookup?…"');
    expect(logged).not.toContain('s3cret');
  });
});
