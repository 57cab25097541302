import { translate } from '../i18n';
import { ApiError, errorMessage } from './api';
import { isPostKind, type SearchFilters } from './route';

/** One value of a facet, as a toggle on the search page. */
export interface FacetOption {
  value: string;
  count: number;
  selected: boolean;
}

/**
 * The options to show for one facet, most frequent first (ties by name), at most `limit`.
 * The selected value is always offered, so it can be switched off even when nothing matches.
 * Once a value is selected, other values are left out: a filter holds one value, so picking
 * another would replace it, and their counts (within the current results) would mislead.
 */
export function facetOptions(
  counts: Readonly<Record<string, number>>,
  selected: string | null,
  limit = 12,
): FacetOption[] {
  if (selected !== null) return [{ value: selected, count: counts[selected] ?? 0, selected: true }];
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, limit)
    .map(([value, count]) => ({ value, count, selected: false }));
}

/** The filters after pressing one facet toggle: selecting a value, or clearing it if selected. */
export function toggleFilter(
  filters: SearchFilters,
  facet: keyof SearchFilters,
  value: string,
): SearchFilters {
  const next = filters[facet] === value ? null : value;
  if (facet === 'tag') return { ...filters, tag: next };
  return { ...filters, kind: next !== null && isPostKind(next) ? next : null };
}

export function hasFilters(filters: SearchFilters): boolean {
  return filters.kind !== null || filters.tag !== null;
}

/** "1 result", "About 1,200 results" (the total is an estimate for large result sets). */
export function resultCountText(estimatedTotal: number): string {
  return translate('search.page.count', { count: estimatedTotal });
}

/** The sentence for a failed search: a calm one when the search engine is down. */
export function searchErrorMessage(error: unknown): string {
  if (
    error instanceof ApiError &&
    (error.status === 503 || error.code === 'search_unavailable' || error.code === 'unavailable')
  ) {
    return translate('search.unavailable');
  }
  return errorMessage(error);
}
