import type { Page } from 'playwright-core';

/** What `pageOverflow` found on one screen. */
export interface PageOverflow {
  innerWidth: number;
  scrollWidth: number;
  /** The first elements (outside any sideways scroll container) that end past the right edge. */
  offenders: string[];
}

// Evaluated in the page as a string: these tests are typed without the DOM library. An element
// may end past the edge only inside a box that scrolls sideways by itself (a code block, a table):
// there the reader can reach it; anywhere else it is cut off or widens the page.
const measure = `(() => {
  const edge = window.innerWidth + 1;
  const scrollsItself = (element) => {
    const overflowX = getComputedStyle(element).overflowX;
    return overflowX === 'auto' || overflowX === 'scroll';
  };
  const insideScroller = (element) => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (scrollsItself(up)) return true;
    }
    return false;
  };
  const describe = (element) => {
    const path = [];
    for (let at = element; at && at !== document.body && path.length < 4; at = at.parentElement) {
      const classes = [...at.classList].filter((name) => !name.startsWith('svelte-'));
      path.unshift(
        at.tagName.toLowerCase() +
          (at.id ? '#' + at.id : '') +
          classes.map((name) => '.' + name).join(''),
      );
    }
    const text = (element.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    const right = Math.round(element.getBoundingClientRect().right);
    return path.join(' > ') + ' (ends at ' + right + ' px' + (text ? ', "' + text + '"' : '') + ')';
  };
  const offenders = [];
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= edge) continue;
    if (insideScroller(element)) continue;
    offenders.push(element);
  }
  // Only the outermost offenders: their descendants overflow because they do.
  const outermost = offenders.filter((element) => !offenders.includes(element.parentElement));
  return {
    innerWidth: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    offenders: outermost.slice(0, 5).map(describe),
  };
})()`;

/**
 * Which elements of the page end past the right edge of the screen without being inside a
 * sideways scroll container, and whether the page as a whole is wider than the screen.
 */
export async function pageOverflow(page: Page): Promise<PageOverflow> {
  return page.evaluate<PageOverflow>(measure);
}
