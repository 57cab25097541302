import { describe, expect, it } from 'vitest';
import { COMPRESS_ABOVE_BYTES, decodeJson, encodeJson } from './codec.js';

describe('JSON codec', () => {
  it('round-trips small payloads as plain JSON', () => {
    const bytes = encodeJson({ hello: 'world' });
    expect(new TextDecoder().decode(bytes)).toBe('{"hello":"world"}');
    expect(decodeJson(bytes)).toEqual({ hello: 'world' });
  });

  it('compresses large payloads well under the NATS message limit and reads them back', () => {
    const big = { body: '<p><a href="http://www.a">www.a</a></p>'.repeat(60_000) };
    const bytes = encodeJson(big);
    expect(JSON.stringify(big).length).toBeGreaterThan(1024 * 1024);
    expect(bytes.length).toBeLessThan(COMPRESS_ABOVE_BYTES);
    expect(decodeJson(bytes)).toEqual(big);
  });

  it('returns undefined for malformed input', () => {
    expect(decodeJson(new TextEncoder().encode('{ nope'))).toBeUndefined();
    expect(decodeJson(new Uint8Array([0x1f, 0x8b, 0, 1, 2]))).toBeUndefined();
  });
});
