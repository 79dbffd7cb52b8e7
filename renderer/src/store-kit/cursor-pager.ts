/** Where a cursor-paged list stands: the cursor of this page, the ones before it, and the next. */
export interface CursorPager {
  /** Cursor that fetched the current page (undefined = first page). */
  current: string | undefined;
  /** Cursors of the pages before this one, oldest first. */
  history: (string | undefined)[];
  /** Cursor of the next page, null at the end. */
  next: string | null;
}

/** A pager on the first page. */
export function firstPage(): CursorPager {
  return { current: undefined, history: [], next: null };
}

/** Records the next-page cursor the server answered. */
export function withNext(pager: CursorPager, next: string | null): CursorPager {
  return { ...pager, next };
}

/** Moves to the next page (unchanged at the end). */
export function forward(pager: CursorPager): CursorPager {
  if (pager.next === null) return pager;
  return { current: pager.next, history: [...pager.history, pager.current], next: null };
}

/** Moves to the previous page (unchanged on the first). */
export function back(pager: CursorPager): CursorPager {
  if (pager.history.length === 0) return pager;
  return { current: pager.history[pager.history.length - 1], history: pager.history.slice(0, -1), next: null };
}

/** The 1-based number of the current page. */
export function pageNumber(pager: CursorPager): number {
  return pager.history.length + 1;
}
