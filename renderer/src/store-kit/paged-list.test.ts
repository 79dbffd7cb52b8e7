import { describe, expect, it } from 'vitest';
import { effectScope } from 'vue';
import { pageNumber } from './cursor-pager';
import { PAGE_SIZE, usePagedList, type CursorPage } from './paged-list';

/** A server whose answers the test releases one by one, in any order. */
function slowServer() {
  const waiting = new Map<string, (page: CursorPage<string>) => void>();
  const asked: (string | undefined)[] = [];
  return {
    asked,
    fetchPage(cursor: string | undefined, limit: number): Promise<CursorPage<string>> {
      expect(limit).toBe(PAGE_SIZE);
      asked.push(cursor);
      return new Promise((resolve) => waiting.set(cursor ?? 'first', resolve));
    },
    answer(cursor: string, items: string[], nextCursor: string | null): void {
      waiting.get(cursor)?.({ items, nextCursor });
    },
  };
}

function pagedList(server: ReturnType<typeof slowServer>, seen: CursorPage<string>[] = []) {
  return effectScope().run(() => usePagedList<string, CursorPage<string>>((cursor, limit) => server.fetchPage(cursor, limit), (page) => seen.push(page)))!;
}

describe('usePagedList', () => {
  it('pages forwards and back with the cursors the server answered, loading while a page is on its way', async () => {
    const server = slowServer();
    const seen: CursorPage<string>[] = [];
    const list = pagedList(server, seen);
    const loading = list.load();
    expect(list.loading.value).toBe(true);
    server.answer('first', ['a'], 'c2');
    await loading;
    expect(list.loading.value).toBe(false);
    const next = list.next();
    server.answer('c2', ['b'], null);
    await next;
    expect(list.items.value).toEqual(['b']);
    expect(pageNumber(list.pager.value)).toBe(2);
    await list.next(); // at the end: nothing asked
    const previous = list.previous();
    server.answer('first', ['a'], 'c2');
    await previous;
    expect(list.items.value).toEqual(['a']);
    expect(server.asked).toEqual([undefined, 'c2', undefined]);
    expect(seen.map((p) => p.items)).toEqual([['a'], ['b'], ['a']]);
  });

  it('keeps only the latest page when an older answer arrives last', async () => {
    const server = slowServer();
    const list = pagedList(server);
    const first = list.load();
    server.answer('first', ['a'], 'c2');
    await first;
    const forward = list.next(); // asks c2
    const again = list.load(); // asks the first page while c2 is still on its way
    server.answer('first', ['a2'], 'c2');
    await again;
    server.answer('c2', ['b'], null);
    await forward;
    expect(list.items.value).toEqual(['a2']);
    expect(pageNumber(list.pager.value)).toBe(1);
    expect(list.loading.value).toBe(false);
  });

  it('drops a page that arrives after reset (it may belong to the account that signed out)', async () => {
    const server = slowServer();
    const list = pagedList(server);
    const loading = list.load();
    list.reset();
    server.answer('first', ['secret'], 'c2');
    await loading;
    expect(list.items.value).toEqual([]);
    expect(list.pager.value.next).toBeNull();
    expect(list.loading.value).toBe(false);
  });
});
