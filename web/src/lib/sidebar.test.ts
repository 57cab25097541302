import { describe, expect, it } from 'vitest';
import { sidebarGroups } from './sidebar';
import { ids, makeChannel } from './test-fixtures';

describe('sidebarGroups', () => {
  it('puts followed channels first, keeping the order within each group', () => {
    const channels = [makeChannel('a'), makeChannel('b'), makeChannel('c')];
    const groups = sidebarGroups(channels, (id) => id === 'c');
    expect(ids(groups.followed)).toEqual(['c']);
    expect(ids(groups.others)).toEqual(['a', 'b']);
  });
});
