import { describe, expect, it } from 'vitest';
import { href, parseRoute } from './route';

describe('parseRoute', () => {
  it('maps an empty hash and #/ to home', () => {
    expect(parseRoute('')).toEqual({ name: 'home' });
    expect(parseRoute('#/')).toEqual({ name: 'home' });
  });

  it('recognises the sign-in and sign-up pages', () => {
    expect(parseRoute('#/signin')).toEqual({ name: 'signin' });
    expect(parseRoute('#/signin?error=sso_failed')).toEqual({
      name: 'signin',
      error: 'sso_failed',
    });
    expect(parseRoute('#/signup')).toEqual({ name: 'signup' });
  });

  it('reads the search query, including one built by href.search', () => {
    const none = { kind: null, tag: null };
    expect(parseRoute('#/search?q=sql')).toEqual({ name: 'search', q: 'sql', ...none });
    expect(parseRoute(href.search('a&b c?'))).toEqual({ name: 'search', q: 'a&b c?', ...none });
    expect(parseRoute('#/search')).toEqual({ name: 'search', q: '', ...none });
  });

  it('reads the experts topic, including one built by href.experts', () => {
    expect(parseRoute(href.experts())).toEqual({ name: 'experts', topic: '' });
    expect(parseRoute(href.experts(' kubernetes & helm '))).toEqual({
      name: 'experts',
      topic: 'kubernetes & helm',
    });
  });

  it('reads a post id', () => {
    expect(parseRoute('#/posts/0190c2a4-1111-7000-8000-000000000000')).toEqual({
      name: 'post',
      id: '0190c2a4-1111-7000-8000-000000000000',
      answerId: null,
    });
  });

  it('reads the answer a notification points at', () => {
    expect(parseRoute('#/posts/p1?answer=a1')).toEqual({ name: 'post', id: 'p1', answerId: 'a1' });
  });

  it('reads the new-post page with its channel, and the notification pages', () => {
    expect(parseRoute(href.newPost('c1'))).toEqual({ name: 'new-post', channelId: 'c1' });
    expect(parseRoute(href.newPost())).toEqual({ name: 'new-post', channelId: null });
    expect(parseRoute(href.notifications)).toEqual({ name: 'notifications' });
    expect(parseRoute(href.settings)).toEqual({ name: 'settings' });
    expect(parseRoute(href.admin())).toEqual({ name: 'admin', tab: 'people' });
    expect(parseRoute(href.admin('audit'))).toEqual({ name: 'admin', tab: 'audit' });
    expect(parseRoute('#/admin/nothing')).toEqual({ name: 'not-found' });
  });

  it('reads the moderation queue and its tab, including one built by href.moderation', () => {
    expect(parseRoute(href.moderation())).toEqual({ name: 'moderation', status: 'open' });
    expect(parseRoute(href.moderation('resolved'))).toEqual({
      name: 'moderation',
      status: 'resolved',
    });
    // An unknown tab shows the open queue rather than nothing.
    expect(parseRoute('#/moderation?status=later')).toEqual({ name: 'moderation', status: 'open' });
  });

  it('reads the token of the pages that email and setup links open', () => {
    expect(parseRoute('#/setup?token=s1')).toEqual({ name: 'setup', token: 's1' });
    expect(parseRoute('#/reset-password?token=r%2B1')).toEqual({
      name: 'reset-password',
      token: 'r+1',
    });
    expect(parseRoute('#/verify-email?token=v1')).toEqual({ name: 'verify-email', token: 'v1' });
    expect(parseRoute('#/invite?token=i1')).toEqual({ name: 'invite', token: 'i1' });
    expect(parseRoute('#/invite')).toEqual({ name: 'invite', token: '' });
    expect(parseRoute(href.forgotPassword)).toEqual({ name: 'forgot-password' });
  });

  it('recognises the channel list, the new-channel form and a channel page', () => {
    expect(parseRoute(href.channels)).toEqual({ name: 'channels' });
    expect(parseRoute(href.newChannel)).toEqual({ name: 'new-channel' });
    expect(parseRoute(href.channel('0190c2a4-2222-7000-8000-000000000000'))).toEqual({
      name: 'channel',
      id: '0190c2a4-2222-7000-8000-000000000000',
    });
  });

  it('reads a tag, a handle and the bookmarks page', () => {
    expect(parseRoute(href.tag('sql-tips'))).toEqual({ name: 'tag', tag: 'sql-tips' });
    expect(parseRoute(href.user('ada_l'))).toEqual({ name: 'user', handle: 'ada_l' });
    expect(parseRoute(href.bookmarks)).toEqual({ name: 'bookmarks' });
  });

  it('round-trips keys that need escaping', () => {
    expect(parseRoute(href.tag('a/b c'))).toEqual({ name: 'tag', tag: 'a/b c' });
  });

  it('reads the learning pages', () => {
    expect(parseRoute('#/goals')).toEqual({ name: 'learning', page: { name: 'goals' } });
    expect(parseRoute('#/challenges')).toEqual({ name: 'learning', page: { name: 'challenges' } });
    expect(parseRoute('#/challenges/c%201')).toEqual({
      name: 'learning',
      page: { name: 'challenge', id: 'c 1' },
    });
    expect(parseRoute('#/insights')).toEqual({ name: 'learning', page: { name: 'insights' } });
    expect(parseRoute('#/users/ada/portfolio')).toEqual({
      name: 'learning',
      page: { name: 'portfolio', handle: 'ada' },
    });
    expect(parseRoute('#/users/ada/other')).toEqual({ name: 'not-found' });
  });

  it('answers not-found for anything else', () => {
    expect(parseRoute('#/posts')).toEqual({ name: 'not-found' });
    expect(parseRoute('#/posts/1/edit')).toEqual({ name: 'not-found' });
    expect(parseRoute('#/channels/1/members')).toEqual({ name: 'not-found' });
    expect(parseRoute('#/tags')).toEqual({ name: 'not-found' });
    expect(parseRoute('#/users')).toEqual({ name: 'not-found' });
    expect(parseRoute('#/bookmarks/1')).toEqual({ name: 'not-found' });
    expect(parseRoute('#/toString/x')).toEqual({ name: 'not-found' });
    expect(parseRoute('#/nowhere')).toEqual({ name: 'not-found' });
    expect(parseRoute('#/experts/ada')).toEqual({ name: 'not-found' });
  });
});
