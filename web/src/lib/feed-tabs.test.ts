import { describe, expect, it } from 'vitest';
import { homeTabs, stepTab, tabQuery, takesLivePosts } from './feed-tabs';

describe('tabQuery', () => {
  it('keeps the page filter and sets the sort', () => {
    expect(tabQuery('top', { channelId: 'c1' })).toEqual({ channelId: 'c1', sort: 'top' });
    expect(tabQuery('unanswered', { tag: 'sql' })).toEqual({ tag: 'sql', sort: 'unanswered' });
  });

  it('asks for the followed feed, across channels, on the Following tab', () => {
    expect(tabQuery('following', { channelId: 'c1' })).toEqual({ following: true, sort: 'new' });
  });
});

describe('the home tabs', () => {
  it('are Latest, Following and Unanswered in my topics', () => {
    expect(homeTabs.map((tab) => tab.id)).toEqual(['new', 'following', 'topics']);
  });

  it('asks for the latest posts of every channel, not one', () => {
    expect(tabQuery('new', {})).toEqual({ sort: 'new' });
  });

  it('asks for open questions in my topics on the topics tab', () => {
    expect(tabQuery('topics', { channelId: 'c1' })).toEqual({ topics: 'mine', sort: 'unanswered' });
  });
});

describe('takesLivePosts', () => {
  it('is true for the newest-first tab only', () => {
    expect(homeTabs.filter((tab) => takesLivePosts(tab.id)).map((tab) => tab.id)).toEqual(['new']);
  });
});

describe('stepTab', () => {
  const tabs = ['following', 'new', 'top'];

  it('moves with the arrow keys and wraps around', () => {
    expect(stepTab(tabs, 'new', 'ArrowRight')).toBe('top');
    expect(stepTab(tabs, 'top', 'ArrowRight')).toBe('following');
    expect(stepTab(tabs, 'following', 'ArrowLeft')).toBe('top');
  });

  it('jumps with Home and End and ignores other keys', () => {
    expect(stepTab(tabs, 'new', 'Home')).toBe('following');
    expect(stepTab(tabs, 'new', 'End')).toBe('top');
    expect(stepTab(tabs, 'new', 'Enter')).toBeNull();
  });
});
