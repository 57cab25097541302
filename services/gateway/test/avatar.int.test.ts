import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/core/types.js';
import { multipartBody } from '@outloud/testkit';
import { asSession, createWorld, register, type Session, type TestWorld } from './helpers.js';

let world: TestWorld;
let app: App;
let dataDir: string;

beforeAll(async () => {
  world = await createWorld();
  dataDir = await mkdtemp(join(tmpdir(), 'outloud-avatars-'));
  app = await world.app({ config: { DATA_DIR: dataDir } });
});
afterAll(async () => {
  await world.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function upload(session: Session, data: Buffer, filename = 'me.png', type = 'image/png') {
  const body = multipartBody([{ name: 'file', filename, contentType: type, data }]);
  return app.inject({
    method: 'PUT',
    url: '/api/v1/me/avatar',
    headers: { ...asSession(session), 'content-type': body.contentType },
    payload: body.payload,
  });
}

/** A two-coloured image: red on the left half, blue on the right. */
async function halves(width: number, height: number) {
  const red = await sharp({
    create: { width: width / 2, height, channels: 3, background: '#ff0000' },
  })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: '#0000ff' } }).composite([
    { input: red, left: 0, top: 0 },
  ]);
}

async function storedFiles(): Promise<string[]> {
  const entries = await readdir(join(dataDir, 'uploads', 'avatars'), {
    recursive: true,
    withFileTypes: true,
  }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

interface Uploaded {
  user: { id: string; avatarUrl: string };
}

function keyOf(avatarUrl: string): string {
  return avatarUrl.slice(avatarUrl.lastIndexOf('/') + 1);
}

describe('PUT /me/avatar', () => {
  it.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['webp', 'image/webp'],
  ] as const)('accepts a %s and stores a 256×256 WebP', async (format, type) => {
    const me = await register(app);
    const image = await (await halves(600, 400)).toFormat(format).toBuffer();
    const response = await upload(me, image, `me.${format}`, type);
    expect(response.statusCode).toBe(200);
    const { user } = response.json();
    expect(user.id).toBe(me.user.id);
    expect(user.avatarUrl).toMatch(/^\/api\/v1\/avatars\/[0-9a-f-]{36}\.webp$/);

    const served = await app.inject({
      method: 'GET',
      url: user.avatarUrl,
      headers: { cookie: me.cookie },
    });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect(served.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    const meta = await sharp(served.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 });
  });

  it('decides the type from the content: a text file named .png is 415', async () => {
    const me = await register(app);
    const response = await upload(me, Buffer.from('just some text, not a picture'), 'me.png');
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('unsupported_media_type');
  });

  it.each(['gif', 'tiff'] as const)('refuses a %s with 415 whatever its name', async (format) => {
    const me = await register(app);
    const image = await (await halves(40, 40)).toFormat(format).toBuffer();
    const response = await upload(me, image, 'me.png', 'image/png');
    expect(response.statusCode).toBe(415);
  });

  it('refuses an SVG (it could carry script) with 415', async () => {
    const me = await register(app);
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';
    const response = await upload(me, Buffer.from(svg), 'me.png', 'image/png');
    expect(response.statusCode).toBe(415);
  });

  it('refuses a file over 5 MB with 413 and stores nothing', async () => {
    const me = await register(app);
    const before = await storedFiles();
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 0x41);
    const response = await upload(me, big);
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
    expect(await storedFiles()).toEqual(before);
  });

  it('refuses a JSON body with 415', async () => {
    const me = await register(app);
    const response = await app.inject({
      method: 'PUT',
      url: '/api/v1/me/avatar',
      headers: asSession(me),
      payload: { file: 'x' },
    });
    expect(response.statusCode).toBe(415);
  });

  it('refuses extra parts and a missing file with 400', async () => {
    const me = await register(app);
    const png = await (await halves(20, 20)).png().toBuffer();
    const extra = multipartBody([
      { name: 'note', data: 'hello' },
      { name: 'file', filename: 'a.png', contentType: 'image/png', data: png },
    ]);
    const wrongName = multipartBody([
      { name: 'picture', filename: 'a.png', contentType: 'image/png', data: png },
    ]);
    for (const body of [extra, wrongName]) {
      const response = await app.inject({
        method: 'PUT',
        url: '/api/v1/me/avatar',
        headers: { ...asSession(me), 'content-type': body.contentType },
        payload: body.payload,
      });
      expect(response.statusCode).toBe(400);
    }
  });

  it('removes EXIF and GPS data and honours the EXIF orientation', async () => {
    const me = await register(app);
    // Stored landscape (red left, blue right) with orientation 6: shown rotated 90° clockwise,
    // i.e. red on top.
    const photo = await (
      await halves(400, 200)
    )
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExifMerge({
        IFD0: { Copyright: 'secret-owner-name' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' },
      })
      .toBuffer();
    const input = await sharp(photo).metadata();
    expect(input.exif).toBeDefined();
    expect(input.orientation).toBe(6);
    expect(photo.includes('secret-owner-name')).toBe(true);

    const response = await upload(me, photo, 'photo.jpg', 'image/jpeg');
    expect(response.statusCode).toBe(200);
    const served = await app.inject({
      method: 'GET',
      url: response.json().user.avatarUrl,
      headers: { cookie: me.cookie },
    });
    const output = await sharp(served.rawPayload).metadata();
    expect(output.exif).toBeUndefined();
    expect(output.xmp).toBeUndefined();
    expect(output.icc).toBeUndefined();
    expect(output.orientation).toBeUndefined();
    expect(served.rawPayload.includes('secret-owner-name')).toBe(false);

    const { data, info } = await sharp(served.rawPayload)
      .raw()
      .toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => {
      const at = (y * info.width + x) * info.channels;
      return [data[at], data[at + 1], data[at + 2]] as [number, number, number];
    };
    const [topR, , topB] = pixel(128, 10);
    const [bottomR, , bottomB] = pixel(128, 245);
    expect(topR).toBeGreaterThan(200);
    expect(topB).toBeLessThan(60);
    expect(bottomB).toBeGreaterThan(200);
    expect(bottomR).toBeLessThan(60);
  });

  it('refuses an image claiming more than 50 megapixels before decoding it', async () => {
    const me = await register(app);
    // A tiny PNG that declares 10,000 × 10,000 pixels of one colour compresses to a few kB.
    const bomb = await sharp({
      create: { width: 10_000, height: 10_000, channels: 3, background: '#000' },
      limitInputPixels: false,
    })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(5 * 1024 * 1024);
    const response = await upload(me, bomb);
    expect(response.statusCode).toBe(413);
  });

  it('stores each upload under a new key and deletes the old file', async () => {
    const me = await register(app);
    const first = (await upload(me, await (await halves(64, 64)).png().toBuffer())).json<Uploaded>()
      .user;
    const second = (
      await upload(me, await (await halves(64, 64)).webp().toBuffer())
    ).json<Uploaded>().user;
    expect(second.avatarUrl).not.toBe(first.avatarUrl);
    const files = await storedFiles();
    expect(files).toContain(keyOf(second.avatarUrl));
    expect(files).not.toContain(keyOf(first.avatarUrl));
    const old = await app.inject({
      method: 'GET',
      url: first.avatarUrl,
      headers: { cookie: me.cookie },
    });
    expect(old.statusCode).toBe(404);
  });

  it('needs the CSRF token like any write', async () => {
    const me = await register(app);
    const body = multipartBody([
      {
        name: 'file',
        filename: 'a.png',
        contentType: 'image/png',
        data: await (await halves(20, 20)).png().toBuffer(),
      },
    ]);
    const response = await app.inject({
      method: 'PUT',
      url: '/api/v1/me/avatar',
      headers: { cookie: me.cookie, 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('csrf_failed');
  });
});

describe('DELETE /me/avatar', () => {
  it('removes the picture and its file', async () => {
    const me = await register(app);
    const { user } = (
      await upload(me, await (await halves(64, 64)).png().toBuffer())
    ).json<Uploaded>();
    const response = await app.inject({
      method: 'DELETE',
      url: '/api/v1/me/avatar',
      headers: asSession(me),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().user.avatarUrl).toBeNull();
    expect(await storedFiles()).not.toContain(keyOf(user.avatarUrl));
  });
});

describe('GET /avatars/:key', () => {
  it('serves pictures to signed-in people only', async () => {
    const me = await register(app);
    const { user } = (await upload(me, await (await halves(64, 64)).png().toBuffer())).json();
    const anonymous = await app.inject({ method: 'GET', url: user.avatarUrl });
    expect(anonymous.statusCode).toBe(401);
    const colleague = await register(app);
    const seen = await app.inject({
      method: 'GET',
      url: user.avatarUrl,
      headers: { cookie: colleague.cookie },
    });
    expect(seen.statusCode).toBe(200);
  });

  it('answers 404 for an unknown key and 400 for one that is not a key', async () => {
    const me = await register(app);
    const unknown = await app.inject({
      method: 'GET',
      url: '/api/v1/avatars/00000000-0000-4000-8000-000000000000.webp',
      headers: { cookie: me.cookie },
    });
    expect(unknown.statusCode).toBe(404);
    for (const bad of [
      '..%2F..%2Fetc%2Fpasswd',
      'x.webp',
      '00000000-0000-4000-8000-000000000000',
    ]) {
      const response = await app.inject({
        method: 'GET',
        url: `/api/v1/avatars/${bad}`,
        headers: { cookie: me.cookie },
      });
      expect(response.statusCode, bad).toBe(400);
    }
  });
});
