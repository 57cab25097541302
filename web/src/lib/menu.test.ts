import { describe, expect, it } from 'vitest';
import { openingItem, stepMenu } from './menu';

describe('stepMenu', () => {
  it('moves down and wraps from the last item to the first', () => {
    expect(stepMenu(3, 0, 'ArrowDown')).toBe(1);
    expect(stepMenu(3, 2, 'ArrowDown')).toBe(0);
  });

  it('moves up and wraps from the first item to the last', () => {
    expect(stepMenu(3, 2, 'ArrowUp')).toBe(1);
    expect(stepMenu(3, 0, 'ArrowUp')).toBe(2);
  });

  it('starts at an end when no item has focus', () => {
    expect(stepMenu(4, -1, 'ArrowDown')).toBe(0);
    expect(stepMenu(4, -1, 'ArrowUp')).toBe(3);
  });

  it('jumps to the ends with Home and End', () => {
    expect(stepMenu(5, 2, 'Home')).toBe(0);
    expect(stepMenu(5, 2, 'End')).toBe(4);
  });

  it('leaves other keys and empty menus alone', () => {
    expect(stepMenu(3, 1, 'Tab')).toBeNull();
    expect(stepMenu(3, 1, 'a')).toBeNull();
    expect(stepMenu(0, -1, 'ArrowDown')).toBeNull();
  });
});

describe('openingItem', () => {
  it('focuses the first item for ArrowDown, Enter and Space, the last for ArrowUp', () => {
    expect(openingItem(3, 'ArrowDown')).toBe(0);
    expect(openingItem(3, 'Enter')).toBe(0);
    expect(openingItem(3, ' ')).toBe(0);
    expect(openingItem(3, 'ArrowUp')).toBe(2);
  });

  it('does not open for other keys or without items', () => {
    expect(openingItem(3, 'Escape')).toBeNull();
    expect(openingItem(0, 'ArrowDown')).toBeNull();
  });
});
