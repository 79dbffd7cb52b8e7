import { ref, type Ref } from 'vue';
import { back, firstPage, forward, withNext, type CursorPager } from './cursor-pager';
import { createStaleGuard } from './stale-guard';

/** Rows per page of every paged table. */
export const PAGE_SIZE = 20;

/** One page as the server answers it. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A cursor-paged list for a setup store: the current page's rows, where paging stands, and
 * whether a page is loading. `fetchPage` asks the server for one page; `onPage` sees each page
 * kept. Only the latest request's answer is kept (a slow page cannot overwrite a newer one),
 * and none after `reset()`.
 */
export function usePagedList<T, P extends CursorPage<T>>(fetchPage: (cursor: string | undefined, limit: number) => Promise<P>, onPage?: (page: P) => void) {
  const items = ref([]) as Ref<T[]>;
  const pager = ref<CursorPager>(firstPage());
  const loading = ref(false);
  const guard = createStaleGuard();

  async function fetchCurrent(): Promise<void> {
    guard.invalidate();
    loading.value = true;
    let page: P | undefined;
    try {
      page = await guard.fresh(fetchPage(pager.value.current, PAGE_SIZE));
    } catch (error) {
      loading.value = false;
      throw error;
    }
    if (!page) return; // a newer request (or a reset) owns the list and its loading flag now
    loading.value = false;
    items.value = page.items;
    pager.value = withNext(pager.value, page.nextCursor);
    onPage?.(page);
  }

  /** Loads the first page. */
  async function load(): Promise<void> {
    pager.value = firstPage();
    await fetchCurrent();
  }

  /** Loads the next page (nothing at the end). */
  async function next(): Promise<void> {
    if (pager.value.next === null) return;
    pager.value = forward(pager.value);
    await fetchCurrent();
  }

  /** Loads the previous page (nothing on the first). */
  async function previous(): Promise<void> {
    if (pager.value.history.length === 0) return;
    pager.value = back(pager.value);
    await fetchCurrent();
  }

  /** Empties the list and drops the answers still on their way. */
  function reset(): void {
    guard.invalidate();
    items.value = [];
    pager.value = firstPage();
    loading.value = false;
  }

  return { items, pager, loading, load, next, previous, reset };
}
