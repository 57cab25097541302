import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody, solidPng } from '@outloud/testkit';
import type { App } from '../src/core/types.js';
import { asSession, createWorld, register, type Session, type TestWorld } from './helpers.js';
import { officeDocument } from './zip.js';

let world: TestWorld;
let app: App;
let dataDir: string;

beforeAll(async () => {
  world = await createWorld();
  dataDir = await mkdtemp(join(tmpdir(), 'outloud-uploads-'));
  app = await world.app({ config: { DATA_DIR: dataDir, PUBLIC_URL: 'https://outloud.example' } });
});
afterAll(async () => {
  await world.close();
  await rm(dataDir, { recursive: true, force: true });
});

interface UploadBody {
  upload: {
    id: string;
    url: string;
    contentType: string;
    size: number;
    width?: number;
    height?: number;
  };
}

async function upload(session: Session | null, data: Buffer, filename: string, type: string) {
  const body = multipartBody([{ name: 'file', filename, contentType: type, data }]);
  return app.inject({
    method: 'POST',
    url: '/api/v1/uploads',
    headers: {
      ...(session ? asSession(session) : {}),
      'content-type': body.contentType,
    },
    payload: body.payload,
  });
}

async function uploaded(session: Session, data: Buffer, filename: string, type = 'image/png') {
  const response = await upload(session, data, filename, type);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<UploadBody>().upload;
}

const fetchAs = (session: Session | null, url: string, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'GET',
    url,
    headers: { ...(session ? { cookie: session.cookie } : {}), ...headers },
  });

async function storedFiles(): Promise<string[]> {
  const entries = await readdir(join(dataDir, 'uploads', 'attachments'), {
    recursive: true,
    withFileTypes: true,
  }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

/** A JPEG with a GPS position, a camera model and a comment in its metadata. */
function jpegWithGps(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#336699' } })
    .jpeg()
    .withExif({
      IFD0: { Model: 'Spy Camera 3000', ImageDescription: 'secret meeting' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 31/1 12/1' },
    })
    .toBuffer();
}

describe('POST /uploads: images', () => {
  it('keeps a PNG as PNG and tells its size', async () => {
    const me = await register(app);
    const result = await uploaded(me, solidPng(30, 20, [200, 10, 10]), 'red.png');
    expect(result).toMatchObject({ contentType: 'image/png', width: 30, height: 20 });
    expect(result.url).toBe(`/api/v1/uploads/${result.id}`);
    const served = await fetchAs(me, result.url);
    expect(served.statusCode).toBe(200);
    expect(Number(served.headers['content-length'])).toBe(result.size);
    expect(await sharp(served.rawPayload).metadata()).toMatchObject({
      format: 'png',
      width: 30,
      height: 20,
    });
  });

  it('strips EXIF (GPS position, camera) from a JPEG and keeps it a JPEG', async () => {
    const me = await register(app);
    const original = await jpegWithGps(64, 48);
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const result = await uploaded(me, original, 'holiday.jpg', 'image/jpeg');
    expect(result.contentType).toBe('image/jpeg');
    const served = await fetchAs(me, result.url);
    const meta = await sharp(served.rawPayload).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(served.rawPayload.includes(Buffer.from('Spy Camera'))).toBe(false);
  });

  it('turns a picture upright from its EXIF orientation', async () => {
    const me = await register(app);
    // 40×20 stored, "rotate 90° clockwise to view": it is shown 20×40.
    const sideways = await sharp({
      create: { width: 40, height: 20, channels: 3, background: '#000' },
    })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const result = await uploaded(me, sideways, 'phone.jpg', 'image/jpeg');
    expect(result).toMatchObject({ width: 20, height: 40 });
  });

  it('scales a large image down to 2048 px on its longer side', async () => {
    const me = await register(app);
    const big = await sharp({
      create: { width: 4000, height: 1000, channels: 3, background: '#0a0' },
    })
      .webp()
      .toBuffer();
    const result = await uploaded(me, big, 'wide.webp', 'image/webp');
    expect(result).toMatchObject({ contentType: 'image/webp', width: 2048, height: 512 });
  });

  it('stores a GIF as its first frame in PNG', async () => {
    const me = await register(app);
    const gif = await sharp({ create: { width: 12, height: 8, channels: 3, background: '#f00' } })
      .gif()
      .toBuffer();
    const result = await uploaded(me, gif, 'anim.gif', 'image/gif');
    expect(result).toMatchObject({ contentType: 'image/png', width: 12, height: 8 });
  });

  it('decides by content: a PNG named .pdf and sent as text is taken as a PNG', async () => {
    const me = await register(app);
    const result = await uploaded(me, solidPng(5, 5, [0, 0, 0]), 'report.pdf', 'text/plain');
    expect(result.contentType).toBe('image/png');
    const served = await fetchAs(me, result.url);
    expect(served.headers['content-disposition']).toBe(
      `inline; filename="report.png"; filename*=UTF-8''report.png`,
    );
  });

  it('refuses a text file named .png with 415 and stores nothing', async () => {
    const me = await register(app);
    const before = await storedFiles();
    const response = await upload(
      me,
      Buffer.from('just some text, not a picture'),
      'fake.png',
      'image/png',
    );
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('unsupported_media_type');
    expect(await storedFiles()).toEqual(before);
  });

  it('refuses an image over 10 MB with 413', async () => {
    const me = await register(app);
    // A valid PNG signature followed by padding: the size decides before any decoding.
    const big = Buffer.concat([solidPng(1, 1, [0, 0, 0]), Buffer.alloc(10 * 1024 * 1024)]);
    const response = await upload(me, big, 'big.png', 'image/png');
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
  });
});

describe('POST /uploads: files', () => {
  it('takes a PDF and serves it as a download with a strict policy', async () => {
    const me = await register(app);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
    const result = await uploaded(me, pdf, 'Q3: plan?.pdf', 'application/octet-stream');
    expect(result).toEqual({
      id: result.id,
      url: `/api/v1/uploads/${result.id}`,
      contentType: 'application/pdf',
      size: pdf.length,
    });
    const served = await fetchAs(me, result.url);
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(pdf)).toBe(true);
    expect(served.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(pdf.length),
      'content-disposition': `attachment; filename="Q3_ plan_.pdf"; filename*=UTF-8''Q3_%20plan_.pdf`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-cache',
      etag: `"${result.id}"`,
    });
    expect(served.headers['content-security-policy']).toBe(
      "default-src 'none'; frame-ancestors 'none'; sandbox",
    );
  });

  it('answers 304 to a copy the browser already has', async () => {
    const me = await register(app);
    const result = await uploaded(me, Buffer.from('hello'), 'hello.txt', 'text/plain');
    const again = await fetchAs(me, result.url, { 'if-none-match': `"${result.id}"` });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('takes Word, Excel and PowerPoint documents by their content', async () => {
    const me = await register(app);
    const docx = await uploaded(me, officeDocument('docx'), 'minutes.zip', 'application/zip');
    expect(docx.contentType).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const xlsx = await uploaded(me, officeDocument('xlsx'), 'numbers', 'application/octet-stream');
    expect(xlsx.contentType).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const served = await fetchAs(me, xlsx.url);
    expect(served.headers['content-disposition']).toContain('filename="numbers.xlsx"');
  });

  it('takes UTF-8 text as text, Markdown or CSV and refuses binary content', async () => {
    const me = await register(app);
    const csv = await uploaded(me, Buffer.from('name,score\nAda,3\n'), 'scores.csv', 'text/csv');
    expect(csv.contentType).toBe('text/csv; charset=utf-8');
    const md = await uploaded(me, Buffer.from('# Notes\n'), 'notes.md', 'text/markdown');
    expect(md.contentType).toBe('text/markdown; charset=utf-8');
    const exe = await upload(
      me,
      Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0]),
      'tool.txt',
      'text/plain',
    );
    expect(exe.statusCode).toBe(415);
  });

  it('refuses a file over 25 MB with 413 and stores nothing', async () => {
    const me = await register(app);
    const before = await storedFiles();
    const response = await upload(
      me,
      Buffer.alloc(25 * 1024 * 1024 + 1, 0x41),
      'huge.txt',
      'text/plain',
    );
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
    expect(await storedFiles()).toEqual(before);
  });

  it('refuses a JSON body with 415 and a missing file part with 400', async () => {
    const me = await register(app);
    const json = await app.inject({
      method: 'POST',
      url: '/api/v1/uploads',
      headers: asSession(me),
      payload: { file: 'x' },
    });
    expect(json.statusCode).toBe(415);
    const wrong = multipartBody([{ name: 'picture', filename: 'a.txt', data: 'hi' }]);
    const missing = await app.inject({
      method: 'POST',
      url: '/api/v1/uploads',
      headers: { ...asSession(me), 'content-type': wrong.contentType },
      payload: wrong.payload,
    });
    expect(missing.statusCode).toBe(400);
  });
});

describe('who gets an upload', () => {
  it('needs a signed-in person to upload and to read', async () => {
    const me = await register(app);
    const response = await upload(null, solidPng(2, 2, [0, 0, 0]), 'a.png', 'image/png');
    expect(response.statusCode).toBe(401);
    const result = await uploaded(me, solidPng(2, 2, [0, 0, 0]), 'a.png');
    expect((await fetchAs(null, result.url)).statusCode).toBe(401);
  });

  it('serves the uploader and no one else while no post uses it (404, as if missing)', async () => {
    const owner = await register(app);
    const stranger = await register(app);
    const result = await uploaded(owner, solidPng(3, 3, [9, 9, 9]), 'mine.png');
    expect((await fetchAs(owner, result.url)).statusCode).toBe(200);
    const refused = await fetchAs(stranger, result.url);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('not_found');
    expect((await fetchAs(owner, `/api/v1/uploads/${crypto.randomUUID()}`)).statusCode).toBe(404);
  });
});

describe('content security policy', () => {
  it('loads images only from our own upload, picture and asset paths', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { host: 'outloud.internal:8080' },
    });
    const csp = String(response.headers['content-security-policy']);
    const imgSrc = csp
      .split(';')
      .find((d) => d.trim().startsWith('img-src'))!
      .trim()
      .split(/\s+/);
    expect(imgSrc).toContain('https://outloud.example/api/v1/uploads/');
    expect(imgSrc).toContain('https://outloud.example/api/v1/avatars/');
    expect(imgSrc).toContain('http://outloud.internal:8080/api/v1/uploads/');
    expect(imgSrc).toContain('data:');
    // Neither the whole origin nor any other site: no 'self', no wildcard, no bare scheme.
    expect(imgSrc).not.toContain("'self'");
    expect(imgSrc.filter((s) => s === '*' || s === 'https:' || s === 'http:')).toEqual([]);
    expect(
      imgSrc.every((s) => s === 'img-src' || s === 'data:' || s === 'blob:' || s.includes('/', 8)),
    ).toBe(true);
  });

  it('ignores a Host header that is not a host name', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { host: 'evil.example/ https:' },
    });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).not.toContain('evil.example');
    expect(csp).toContain('https://outloud.example/api/v1/uploads/');
  });
});
