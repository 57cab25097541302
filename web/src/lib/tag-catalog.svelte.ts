import { createContext } from 'svelte';
import { api } from './api';
import { countTags, type TagCounts } from './tag-suggestions';

/** How many recent posts the tag suggestions are drawn from. */
const SAMPLE = 100;

/**
 * Tags in use, for the composer's suggestions: counted from the most helpful recent posts the
 * person can see, fetched once on first need.
 */
export class TagCatalog {
  counts = $state<TagCounts>(countTags([]));
  #loading: Promise<void> | null = null;

  load(): Promise<void> {
    this.#loading ??= api.feed({ sort: 'top', limit: SAMPLE }).then(
      ({ items }) => {
        this.counts = countTags(items);
      },
      () => {
        // Suggestions are a convenience: without them the field still works. Try again later.
        this.#loading = null;
      },
    );
    return this.#loading;
  }

  reset(): void {
    this.counts = countTags([]);
    this.#loading = null;
  }
}

const [getTagCatalog, setTagCatalog] = createContext<TagCatalog>();

export { getTagCatalog, setTagCatalog };
