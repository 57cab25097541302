/**
 * Prints how much JavaScript (gzip) the web app's first page loads, file by file, and fails
 * when it is over budget. Run after `pnpm --filter @outloud/web build` (`pnpm bench:bundle`
 * does both).
 */
import { fileURLToPath } from 'node:url';
import { FIRST_PAGE_BUDGET_BYTES, measureFirstPage } from './first-page-size.js';

const dist = fileURLToPath(new URL('../../web/dist', import.meta.url));
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

const { files, totalGzipBytes } = measureFirstPage(dist);
for (const { file, gzipBytes } of files) console.log(`${kb(gzipBytes).padStart(9)}  ${file}`);
console.log(
  `first page: ${kb(totalGzipBytes)} gzip in ${files.length} scripts (budget ${kb(FIRST_PAGE_BUDGET_BYTES)})`,
);
if (totalGzipBytes > FIRST_PAGE_BUDGET_BYTES) {
  console.error('The first page loads more JavaScript than its budget.');
  process.exitCode = 1;
}
