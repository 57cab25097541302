import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The most JavaScript (gzip) the web app's first page may load before it can show anything. */
export const FIRST_PAGE_BUDGET_BYTES = 150 * 1024;

export interface FirstPageSize {
  /** Every script the first page loads, entry first, with its gzip size. */
  files: { file: string; gzipBytes: number }[];
  totalGzipBytes: number;
}

export interface BuiltFirstPage extends FirstPageSize {
  /** Every file the build wrote to `assets/` (the pages loaded on demand among them). */
  chunks: string[];
}

/**
 * Builds the web app from its sources as they are, for production, into a folder of its own
 * (web/dist may be older), and measures its first page. The bundle test and `pnpm bench:bundle`
 * both measure through this, so they report the same figure.
 */
export function measureWebFirstPage(): BuiltFirstPage {
  const web = fileURLToPath(new URL('../../web', import.meta.url));
  const out = mkdtempSync(join(tmpdir(), 'outloud-web-'));
  try {
    const vite = join(
      dirname(createRequire(join(web, 'package.json')).resolve('vite/package.json')),
      'bin',
      'vite.js',
    );
    execFileSync(
      process.execPath,
      [vite, 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'],
      // Vite builds for development (Svelte's dev runtime, the packages' `development` exports)
      // when NODE_ENV says anything but production, and Vitest sets it to `test`.
      { cwd: web, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' } },
    );
    return { ...measureFirstPage(out), chunks: readdirSync(join(out, 'assets')) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** `./x.js` in `import{a}from"./x.js"`, `import"./x.js"` and `export{a}from"./x.js"`, never `import("./x.js")`. */
const staticImport = /\b(?:import|export)\s*(?:[^"'();]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;

/** The module scripts `index.html` loads or preloads (site-absolute paths, as Vite writes them). */
export function scriptsOfIndex(indexHtml: string): string[] {
  const scripts: string[] = [];
  for (const tag of indexHtml.matchAll(/<(?:script|link)\b[^>]*>/g)) {
    const html = tag[0];
    const module = html.startsWith('<script') && /\btype="module"/.test(html);
    const preload = html.startsWith('<link') && /\brel="modulepreload"/.test(html);
    const address = /\b(?:src|href)="([^"]+)"/.exec(html)?.[1];
    if ((module || preload) && address !== undefined) scripts.push(address);
  }
  return scripts;
}

/** The relative modules a chunk imports statically (what the browser must fetch before running it). */
export function staticImportsOf(chunk: string): string[] {
  return [...chunk.matchAll(staticImport)].map((match) => match[1]!);
}

/**
 * What a browser downloads before the first page runs: the scripts `index.html` names, and
 * everything they import statically, followed through the chunks. Chunks only reachable
 * through `import()` (pages loaded on demand, other languages) are not part of it.
 */
export function measureFirstPage(distDir: string): FirstPageSize {
  const read = (file: string): string => readFileSync(join(distDir, file), 'utf8');
  const pending = scriptsOfIndex(read('index.html')).map((address) => address.replace(/^\//, ''));
  if (pending.length === 0) throw new Error(`${distDir}/index.html loads no module script`);
  const seen = new Set<string>();
  const files: FirstPageSize['files'] = [];
  for (let file = pending.shift(); file !== undefined; file = pending.shift()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const source = read(file);
    files.push({ file, gzipBytes: gzipSync(source).length });
    const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
    for (const imported of staticImportsOf(source)) pending.push(joinRelative(folder, imported));
  }
  return { files, totalGzipBytes: files.reduce((sum, entry) => sum + entry.gzipBytes, 0) };
}

/** `folder` (ending in `/`, or empty) joined with a `./` or `../` module address. */
function joinRelative(folder: string, address: string): string {
  const parts = folder.split('/').filter((part) => part !== '');
  for (const part of address.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  return parts.join('/');
}
