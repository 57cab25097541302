import { describe, expect, it } from 'vitest';
import type { Evidence, Goal } from '@outloud/contracts';
import { portfolioHtml, portfolioMarkdown, type PortfolioExport } from './export.js';

const goal: Goal = {
  id: '00000000-0000-7000-8000-000000000001',
  ownerId: '00000000-0000-7000-8000-000000000002',
  title: 'Learn <b>Rust</b> & "friends"',
  why: "Because it's <script>alert(1)</script>",
  targetDate: '2026-12-31',
  tags: ['rust'],
  visibility: 'private',
  status: 'active',
  measure: { metric: 'tips', tag: 'rust', count: 5 },
  progress: 2,
  progressTarget: 5,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  achievedAt: null,
};
const evidence: Evidence[] = [
  {
    id: '00000000-0000-7000-8000-000000000003',
    goalId: goal.id,
    kind: 'link',
    postId: null,
    answerId: null,
    url: 'https://example.com/a"b',
    title: 'A <i>talk</i>',
    note: '',
    addedAt: '2026-01-02T00:00:00.000Z',
  },
  {
    id: '00000000-0000-7000-8000-000000000004',
    goalId: goal.id,
    kind: 'post',
    postId: '00000000-0000-7000-8000-000000000005',
    answerId: null,
    url: null,
    title: 'My tip',
    note: 'liked',
    addedAt: '2026-01-03T00:00:00.000Z',
  },
];
const data: PortfolioExport = {
  owner: { handle: 'ada', displayName: 'Ada <Lovelace>' },
  goals: [{ goal, evidence }],
  log: [
    {
      id: '00000000-0000-7000-8000-000000000006',
      ownerId: goal.ownerId,
      goalId: null,
      date: '2026-01-04',
      learned: '<img src=x onerror=alert(1)>',
      tried: '',
      next: 'more',
      visibility: 'private',
      postId: null,
      createdAt: '2026-01-04T00:00:00.000Z',
    },
  ],
  generatedAt: new Date('2026-02-01T00:00:00Z'),
};

describe('portfolio export', () => {
  it('escapes every piece of user text in the HTML page', () => {
    const html = portfolioHtml(data);
    expect(html).not.toMatch(/<script>|<img|<b>|<i>/);
    expect(html).toContain('Learn &lt;b&gt;Rust&lt;/b&gt; &amp; &quot;friends&quot;');
    expect(html).toContain('Ada &lt;Lovelace&gt;');
    expect(html).toContain('href="https://example.com/a&quot;b"');
    expect(html).toContain('href="/#/posts/00000000-0000-7000-8000-000000000005"');
    expect(html).toContain('2 of 5 tips shared tagged rust');
  });

  it('writes Markdown whose user text cannot change the document structure', () => {
    const md = portfolioMarkdown(data);
    expect(md).toContain('# Learning portfolio of Ada \\<Lovelace\\> (@ada)');
    expect(md).toContain('### Learn \\<b\\>Rust\\</b\\> & "friends"');
    expect(md).toContain('[My tip](</#/posts/00000000-0000-7000-8000-000000000005>) — liked');
    expect(md).toContain('**What I learned:** \\<img src=x onerror=alert\\(1\\)\\>');
  });
});
