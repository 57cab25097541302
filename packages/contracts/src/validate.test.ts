import Type from 'typebox';
import { describe, expect, it } from 'vitest';
import { checker, findControlCharacter, findNul, NUL_MESSAGE } from './validate.js';

describe('findControlCharacter', () => {
  it('finds C0 controls but keeps tab, line feed and carriage return', () => {
    expect(findControlCharacter({ body: 'a\tb\r\nc' })).toBeUndefined();
    expect(findControlCharacter({ body: 'ring \u0007 bell' })).toBe('/body');
    expect(findControlCharacter({ tags: ['ok', '\u001f'] })).toBe('/tags/1');
    expect(findControlCharacter('\u0000')).toBe('/');
    expect(findControlCharacter('delete \u007f and é are text')).toBeUndefined();
  });
});

describe('findNul', () => {
  it('finds U+0000 deep in objects and arrays, as a JSON Pointer', () => {
    expect(findNul({ a: [{ b: 'ok' }, { c: 'x\u0000y' }] })).toBe('/a/1/c');
    expect(findNul('\u0000')).toBe('/');
    expect(findNul({ 'a/b': '\u0000' })).toBe('/a~1b');
  });

  it('finds it in object keys', () => {
    expect(findNul({ outer: { 'k\u0000': 1 } })).toBe('/outer/k\u0000');
  });

  it('reports the first offending field in document order', () => {
    expect(findNul({ first: '\u0000', second: '\u0000' })).toBe('/first');
  });

  it('accepts values without it', () => {
    expect(findNul({ a: ['x', 1, null, true, { b: 'U+0000 spelled out' }] })).toBeUndefined();
    expect(findNul(42)).toBeUndefined();
  });

  it('walks only JSON values, not buffers or class instances', () => {
    expect(findNul(Buffer.from('a\u0000b'))).toBeUndefined();
    expect(findNul({ file: new Uint8Array(3) })).toBeUndefined();
    expect(findNul(Object.assign(Object.create(null) as object, { a: '\u0000' }))).toBe('/a');
    // A "null object" dictionary, as routers make for params.
    const dictionary = Object.create(Object.create(null) as object) as Record<string, string>;
    dictionary.handle = '\u0000';
    expect(findNul(dictionary)).toBe('/handle');
  });

  it('walks very deep values without overflowing the stack', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findNul(deep)?.length).toBe(200_000);
  });
});

describe('checker', () => {
  const schema = Type.Object({ name: Type.String(), tags: Type.Array(Type.String()) });

  it('refuses a string with U+0000 that the schema alone would accept', () => {
    const check = checker(schema);
    const value = { name: 'a', tags: ['ok', 'b\u0000'] };
    expect(check.check(value)).toBe(false);
    expect(check.issues(value)).toEqual([{ path: '/tags/1', message: NUL_MESSAGE }]);
  });

  it('still accepts valid values', () => {
    const check = checker(schema);
    expect(check.check({ name: 'a', tags: [] })).toBe(true);
    expect(check.issues({ name: 'a', tags: [] })).toEqual([]);
  });
});
