import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, Channel, InstanceExport, Post } from '@outloud/contracts';
import { createDb } from '@outloud/db';
import { eventually } from '@outloud/testkit';
import { sql } from 'kysely';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

/** The files of a tar archive by name (ustar, regular files only: what exports write). */
function untar(archive: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  let offset = 0;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, ''), 8);
    offset += 512;
    files.set(name, archive.subarray(offset, offset + size).toString('utf8'));
    offset += Math.ceil(size / 512) * 512;
  }
  return files;
}

const lines = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('whole-instance export', () => {
  let world: ApiWorld;
  let admin: Person;
  let member: Person;
  let general: Channel;
  let secret: Channel;
  let question: Post;
  let answer: Answer;
  const dataDir = mkdtempSync(join(tmpdir(), 'outloud-export-'));

  beforeAll(async () => {
    world = await apiWorld({ DATA_DIR: dataDir });
    admin = await world.person();
    member = await world.person();
    general = (await member.request<{ items: Channel[] }>('GET', '/channels')).body.items.find(
      (c) => c.slug === 'general',
    )!;
    secret = (
      await admin.request<{ channel: Channel }>('POST', '/channels', {
        slug: 'leadership',
        name: 'Leadership',
        visibility: 'private',
      })
    ).body.channel;
    question = (
      await member.request<{ post: Post }>('POST', '/posts', {
        channelId: general.id,
        kind: 'question',
        title: 'How do we rotate the staging certificates?',
        body: 'The **cert** expires on Friday.',
        tags: ['tls', 'staging'],
      })
    ).body.post;
    answer = (
      await admin.request<{ answer: Answer }>('POST', `/posts/${question.id}/answers`, {
        body: 'Run `make certs` on the bastion.',
      })
    ).body.answer;
    expect((await member.request('POST', `/answers/${answer.id}/accept`)).status).toBe(200);
    expect((await member.request('PUT', `/answers/${answer.id}/vote`, { value: 1 })).status).toBe(
      200,
    );
    await admin.request('POST', '/posts', {
      channelId: secret.id,
      kind: 'tip',
      title: 'Budget review cadence',
      body: 'Quarterly, with finance.',
    });
    expect(
      (await member.request('POST', '/goals', { title: 'Learn TLS', why: 'Fewer outages' })).status,
    ).toBe(201);
    expect((await member.request('POST', '/tokens', { name: 'ci' })).status).toBe(201);
  });
  afterAll(async () => {
    await world?.[Symbol.asyncDispose]();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is for admins only', async () => {
    expect((await member.request('POST', '/admin/exports')).status).toBe(403);
    expect((await member.request('GET', `/admin/exports/${question.id}`)).status).toBe(403);
  });

  it('writes JSON Lines per entity and Markdown per channel, without secrets, and audits it', async () => {
    const started = await admin.request<{ export: InstanceExport }>('POST', '/admin/exports');
    expect(started.status).toBe(202);
    expect(started.body.export).toMatchObject({ status: 'running' });
    const id = started.body.export.id;
    const done = await eventually(
      async () => {
        const reply = await admin.request<{ export: InstanceExport }>(
          'GET',
          `/admin/exports/${id}`,
        );
        expect(reply.body.export.status).toBe('done');
        return reply.body.export;
      },
      { timeoutMs: 30_000 },
    );
    expect(done).toMatchObject({ progress: 100, stage: null });
    expect(done.records).toBeGreaterThan(5);

    const download = await world.app.inject({
      method: 'GET',
      url: `/api/v1/admin/exports/${id}/download`,
      headers: { cookie: admin.cookie },
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/gzip');
    expect(download.rawPayload.length).toBe(done.size);
    const files = untar(gunzipSync(download.rawPayload));

    const users = lines(files.get('outloud-export/users.jsonl'));
    expect(users.map((u) => u.handle).sort()).toEqual(
      [admin.user.handle, member.user.handle].sort(),
    );
    const everything = [...files.values()].join('\n');
    expect(everything).not.toMatch(/passwordHash|password_hash|tokenHash|csrf/i);
    expect(everything).not.toContain('scrypt');

    const posts = lines(files.get('outloud-export/posts.jsonl'));
    expect(posts.find((p) => p.id === question.id)).toMatchObject({
      title: question.title,
      tags: ['tls', 'staging'],
      acceptedAnswerId: answer.id,
    });
    expect(posts.some((p) => p.title === 'Budget review cadence')).toBe(true);
    expect(lines(files.get('outloud-export/answers.jsonl'))).toEqual([
      expect.objectContaining({ id: answer.id, postId: question.id, accepted: true }),
    ]);
    expect(lines(files.get('outloud-export/votes.jsonl'))).toContainEqual(
      expect.objectContaining({ userId: member.user.id, targetId: answer.id }),
    );
    expect(lines(files.get('outloud-export/tags.jsonl')).map((t) => t.tag)).toEqual([
      'staging',
      'tls',
    ]);
    expect(lines(files.get('outloud-export/memberships.jsonl'))).toContainEqual(
      expect.objectContaining({ channelId: secret.id, userId: admin.user.id, role: 'owner' }),
    );
    expect(lines(files.get('outloud-export/goals.jsonl'))).toEqual([
      expect.objectContaining({ ownerId: member.user.id, title: 'Learn TLS' }),
    ]);

    const general = files.get('outloud-export/channels/general.md') ?? '';
    expect(general).toContain('# General');
    expect(general).toContain('## How do we rotate the staging certificates?');
    expect(general).toContain('The **cert** expires on Friday.');
    expect(general).toContain('### Accepted answer by');
    expect(general).toContain('Run `make certs` on the bastion.');
    expect(files.get('outloud-export/channels/leadership.md')).toContain('Budget review cadence');

    const audit = await admin.request<{ items: { action: string; target: { id: string } }[] }>(
      'GET',
      '/admin/audit?action=export.create',
    );
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({ action: 'export.create', target: expect.objectContaining({ id }) }),
    );
  });

  it('ends an export whose server stopped mid-way, so that a new one can start', async () => {
    const db = createDb<unknown>({ url: world.database.url, max: 1 });
    try {
      // What a gateway that crashed while writing leaves behind: an export marked running.
      const lost = randomUUID();
      await sql`insert into identity.exports (id, requested_by, status, stage, created_at)
        values (${lost}, ${admin.user.id}, 'running', 'posts', now() - interval '10 minutes')`.execute(
        db,
      );
      // While it was heard from lately, it is running, and one export runs at a time.
      const refused = await admin.request<{ error: { details: { id: string } } }>(
        'POST',
        '/admin/exports',
      );
      expect(refused.status).toBe(409);
      expect(refused.body.error.details.id).toBe(lost);

      // Silent for five minutes: its gateway is gone, and the export ended.
      await sql`update identity.exports set heartbeat_at = now() - interval '5 minutes'
        where id = ${lost}`.execute(db);
      const ended = await admin.request<{ export: InstanceExport }>(
        'GET',
        `/admin/exports/${lost}`,
      );
      expect(ended.body.export).toMatchObject({ status: 'failed' });
      expect(ended.body.export.finishedAt).not.toBeNull();
      const started = await admin.request<{ export: InstanceExport }>('POST', '/admin/exports');
      expect(started.status).toBe(202);
      await eventually(
        async () => {
          const reply = await admin.request<{ export: InstanceExport }>(
            'GET',
            `/admin/exports/${started.body.export.id}`,
          );
          return reply.body.export.status === 'done' ? true : undefined;
        },
        { timeoutMs: 30_000, what: 'the new export to finish' },
      );
    } finally {
      await db.destroy();
    }
  });

  it('answers 404 for an export that does not exist', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await admin.request('GET', `/admin/exports/${missing}`)).status).toBe(404);
    expect((await admin.request('GET', `/admin/exports/${missing}/download`)).status).toBe(404);
  });
});
