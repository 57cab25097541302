import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UploadLimits, uploadIdsIn, uploadPath } from './uploads.js';

describe('uploadIdsIn', () => {
  it('finds uploads used as images, links and absolute addresses, once each, in order', () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const body = [
      `![chart](${uploadPath(a)})`,
      `[notes.pdf](${uploadPath(b)} "Notes")`,
      `again ![chart](${uploadPath(a)}) and https://outloud.example${uploadPath(c)}`,
    ].join('\n');
    expect(uploadIdsIn(body)).toEqual([a, b, c]);
  });

  it('ignores addresses that are not an upload id', () => {
    const id = randomUUID();
    expect(
      uploadIdsIn(
        [
          '/api/v1/uploads/not-a-uuid',
          `/api/v1/uploads/${id.toUpperCase()}`,
          `/api/v1/uploads/${id}0`,
          `/api/v1/avatars/${id}.webp`,
        ].join(' '),
      ),
    ).toEqual([]);
  });

  it('keeps at most the per-body limit', () => {
    const body = Array.from({ length: UploadLimits.referencesPerBody + 5 }, () =>
      uploadPath(randomUUID()),
    ).join('\n');
    expect(uploadIdsIn(body)).toHaveLength(UploadLimits.referencesPerBody);
  });
});
