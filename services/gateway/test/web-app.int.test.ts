import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/core/types.js';
import { createWorld, type TestWorld } from './helpers.js';

let world: TestWorld;
let dist: string;
let app: App;

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script></head><body></body></html>';

beforeAll(async () => {
  dist = await mkdtemp(path.join(os.tmpdir(), 'outloud-web-'));
  await mkdir(path.join(dist, 'assets'));
  await writeFile(path.join(dist, 'index.html'), INDEX);
  await writeFile(path.join(dist, 'assets', 'app-abc123.js'), 'console.log("hi")');
  await writeFile(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  world = await createWorld();
  app = await world.app({ config: { WEB_DIST: dist } });
});
afterAll(async () => {
  await world.close();
  await rm(dist, { recursive: true, force: true });
});

const browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('the web app', () => {
  it('is served at /', async () => {
    const response = await app.inject({ method: 'GET', url: '/', headers: browser });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toBe(INDEX);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('serves fingerprinted assets with a long cache lifetime', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await app.inject({ method: 'GET', url: '/favicon.svg' })).statusCode).toBe(200);
  });

  it("answers the app's own paths with index.html when a browser asks for a page", async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/channels/general?tab=top',
      headers: browser,
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(INDEX);
  });

  it('keeps JSON 404s for unknown API paths and for missing files', async () => {
    const api = await app.inject({ method: 'GET', url: '/api/v1/nothing', headers: browser });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('not_found');
    const file = await app.inject({
      method: 'GET',
      url: '/assets/missing.js',
      headers: { accept: '*/*' },
    });
    expect(file.statusCode).toBe(404);
    expect(file.json().error.code).toBe('not_found');
  });

  it('is not served when WEB_DIST does not exist', async () => {
    const without = await world.app({ config: { WEB_DIST: path.join(dist, 'missing') } });
    const response = await without.inject({ method: 'GET', url: '/', headers: browser });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });
});
