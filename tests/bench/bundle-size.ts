/**
 * Builds the web app for production and prints how much JavaScript (gzip) its first page loads,
 * file by file; fails when it is over budget. The same build and measure as the bundle test.
 */
import { FIRST_PAGE_BUDGET_BYTES, measureWebFirstPage } from './first-page-size.js';

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

const { files, totalGzipBytes } = measureWebFirstPage();
for (const { file, gzipBytes } of files) console.log(`${kb(gzipBytes).padStart(9)}  ${file}`);
console.log(
  `first page: ${kb(totalGzipBytes)} gzip in ${files.length} scripts (budget ${kb(FIRST_PAGE_BUDGET_BYTES)})`,
);
if (totalGzipBytes > FIRST_PAGE_BUDGET_BYTES) {
  console.error('The first page loads more JavaScript than its budget.');
  process.exitCode = 1;
}
