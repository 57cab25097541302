import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIRST_PAGE_BUDGET_BYTES,
  measureFirstPage,
  measureWebFirstPage,
  scriptsOfIndex,
  staticImportsOf,
  type BuiltFirstPage,
} from '../bench/first-page-size.js';

describe('measureFirstPage', () => {
  let dist: string;

  beforeAll(() => {
    dist = mkdtempSync(join(tmpdir(), 'outloud-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(
      join(dist, 'index.html'),
      '<script type="module" crossorigin src="/assets/index.js"></script>' +
        '<link rel="modulepreload" crossorigin href="/assets/shared.js">' +
        '<link rel="stylesheet" href="/assets/index.css">',
    );
    const files: Record<string, string> = {
      'index.js':
        'import{a}from"./shared.js";import"./polyfill.js";const p=()=>import("./admin.js");',
      'shared.js': 'export{b as a}from"./deep.js";',
      'deep.js': 'export const b=1;',
      'polyfill.js': 'self.x=1;',
      'admin.js': `import{a}from"./shared.js";${'x'.repeat(5000)}`,
      'index.css': 'body{}',
    };
    for (const [name, text] of Object.entries(files))
      writeFileSync(join(dist, 'assets', name), text);
  });

  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('reads the module scripts and preloads of index.html, not the style sheets', () => {
    expect(
      scriptsOfIndex(
        '<script type="module" src="/a.js"></script><link rel="modulepreload" href="/b.js">' +
          '<link rel="stylesheet" href="/c.css"><script src="/classic.js"></script>',
      ),
    ).toEqual(['/a.js', '/b.js']);
  });

  it('tells static imports and re-exports from dynamic imports', () => {
    expect(
      staticImportsOf(
        'import{a as b}from"./x.js";import"./y.js";export*from"../z.js";import("./lazy.js")',
      ),
    ).toEqual(['./x.js', './y.js', '../z.js']);
  });

  it('counts the entry and everything it imports statically, but no page loaded on demand', () => {
    const { files, totalGzipBytes } = measureFirstPage(dist);
    expect(files.map((entry) => entry.file).sort()).toEqual([
      'assets/deep.js',
      'assets/index.js',
      'assets/polyfill.js',
      'assets/shared.js',
    ]);
    expect(totalGzipBytes).toBe(files.reduce((sum, entry) => sum + entry.gzipBytes, 0));
    expect(totalGzipBytes).toBeGreaterThan(0);
  });
});

describe('the web app as built', () => {
  let built: BuiltFirstPage;

  beforeAll(() => {
    built = measureWebFirstPage();
  }, 120_000);

  it(`loads at most ${FIRST_PAGE_BUDGET_BYTES / 1024} KB of JavaScript (gzip) on the first page`, () => {
    const { files, totalGzipBytes, chunks } = built;
    const report = files.map((entry) => `${entry.gzipBytes} ${entry.file}`).join('\n');
    expect(totalGzipBytes, report).toBeLessThanOrEqual(FIRST_PAGE_BUDGET_BYTES);
    // The pages loaded on demand are built, and stay out of the first page.
    const onDemand = ['PostPage', 'SearchPage', 'AdminPage', 'SettingsPage', 'LearningRouter'];
    for (const page of onDemand)
      expect(
        chunks.some((chunk) => chunk.startsWith(`${page}-`)),
        page,
      ).toBe(true);
    expect(
      files.filter((entry) => onDemand.some((page) => entry.file.startsWith(`assets/${page}-`))),
    ).toEqual([]);
  });
});
