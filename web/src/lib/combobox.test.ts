import { describe, expect, it } from 'vitest';
import { stepOption } from './combobox';

describe('stepOption', () => {
  it('moves down from the field to the first option and on', () => {
    expect(stepOption(3, -1, 'ArrowDown')).toBe(0);
    expect(stepOption(3, 0, 'ArrowDown')).toBe(1);
  });

  it('goes back to the field after the last option, and up from the field to the last', () => {
    expect(stepOption(3, 2, 'ArrowDown')).toBe(-1);
    expect(stepOption(3, -1, 'ArrowUp')).toBe(2);
    expect(stepOption(3, 0, 'ArrowUp')).toBe(-1);
  });

  it('stays on the field when there are no options', () => {
    expect(stepOption(0, -1, 'ArrowDown')).toBe(-1);
    expect(stepOption(0, -1, 'ArrowUp')).toBe(-1);
  });

  it('leaves other keys to the field', () => {
    expect(stepOption(3, 1, 'Home')).toBeNull();
    expect(stepOption(3, 1, 'Enter')).toBeNull();
  });
});
