import { describe, expect, it } from 'vitest';
import { lowerPrefixPattern } from './like.js';

describe('lowerPrefixPattern', () => {
  it('lowercases, matches %, _ and \\ literally, and ends with the wildcard', () => {
    expect(lowerPrefixPattern('Ada')).toBe('ada%');
    expect(lowerPrefixPattern('50%_off\\')).toBe('50\\%\\_off\\\\%');
  });
});
