/**
 * The length of a bar as a percentage of the longest one (`max`), rounded to a tenth and
 * clamped to 0–100. Any positive value gets at least `minPercent`, so it stays visible.
 */
export function barPercent(value: number, max: number, minPercent = 2): number {
  if (!(max > 0) || !(value > 0)) return 0;
  const percent = Math.min(100, (value / max) * 100);
  return Math.max(minPercent, Math.round(percent * 10) / 10);
}

/** Bars for a list of scored items, each as a percentage of the highest score. */
export function withBarPercents<T extends { score: number }>(
  items: readonly T[],
): (T & { percent: number })[] {
  const max = Math.max(0, ...items.map((item) => item.score));
  return items.map((item) => ({ ...item, percent: barPercent(item.score, max) }));
}
