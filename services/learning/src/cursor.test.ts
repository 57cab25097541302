import { describe, expect, it } from 'vitest';
import { RpcError } from '@outloud/bus';
import { decodeCursor, encodeCursor } from './cursor.js';

const ID = '0190f3a4-7b1c-7d2e-8f3a-1b2c3d4e5f60';
const craft = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function refusal(cursor: string): unknown {
  try {
    decodeCursor(cursor);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('decodeCursor', () => {
  it('reads back what encodeCursor wrote', () => {
    const at = new Date('2026-12-06T04:26:43.123Z');
    expect(decodeCursor(encodeCursor(at, ID))).toEqual({ at, id: ID });
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it.each([
    ['a date Postgres cannot store', craft(['-100000-01-01T00:00:00Z', ID])],
    ['a far-future date in the extended form', craft(['+275760-09-13T00:00:00.000Z', ID])],
    ['year zero', craft(['0000-01-01T00:00:00.000Z', ID])],
    ['an impossible day', craft(['2026-02-30T00:00:00.000Z', ID])],
    ['a date that is not in ISO form', craft(['December 6, 2026', ID])],
    ['a number for the time', craft([1e300, ID])],
    ['a huge number for the time', craft([Number.MAX_VALUE, ID])],
    ['an id that is not a uuid', craft(['2026-12-06T04:26:43.123Z', 'x'])],
    ['an all-zero id with a bad date', craft(['-100000-01-01T00:00:00Z', ID.replace(/\w/g, '0')])],
    ['an object', craft({ at: '2026-12-06T04:26:43.123Z', id: ID })],
    ['too many parts', craft(['2026-12-06T04:26:43.123Z', ID, 'extra'])],
    ['null', craft(null)],
    ['not JSON', Buffer.from('[oops').toString('base64url')],
    ['not base64url JSON at all', '%%%'],
    ['a very long string', 'A'.repeat(10_000)],
  ])('refuses %s as validation_failed naming the cursor', (_name, cursor) => {
    const error = refusal(cursor);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({
      code: 'validation_failed',
      details: [{ field: 'cursor', message: expect.any(String) }],
    });
  });
});
