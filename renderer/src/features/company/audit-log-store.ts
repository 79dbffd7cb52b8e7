import type { AuditEvent, AuditPage } from '@rms/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { rms } from '../../api/rms-client';
import { usePagedList } from '../../store-kit/paged-list';

/** The company's audit log, newest first, one page at a time. */
export const useAuditLogStore = defineStore('audit-log', () => {
  const list = usePagedList<AuditEvent, AuditPage>((cursor, limit) => rms.company.listAudit({ cursor, limit }));
  const { items, pager, loading, next } = list;
  /** True when events were written after the page shown was loaded and that page is an older one. */
  const stale = ref(false);
  let shown = false;

  /** Loads the newest page. */
  async function load(): Promise<void> {
    shown = true;
    await list.load();
    stale.value = false;
  }

  /** Loads the newer page (back on the newest one, nothing is missing any more). */
  async function previous(): Promise<void> {
    await list.previous();
    if (pager.value.history.length === 0) stale.value = false;
  }

  /**
   * After an action of the company screen that writes audit events: reloads the newest page when
   * it is the one shown, else marks the log stale (an administrator reading older events keeps
   * their page). A failed reload marks it stale too; the action itself has succeeded.
   */
  async function refreshAfterChange(): Promise<void> {
    if (!shown) return;
    if (pager.value.history.length > 0) {
      stale.value = true;
      return;
    }
    try {
      await load();
    } catch {
      stale.value = true;
    }
  }

  function $reset(): void {
    list.reset();
    stale.value = false;
    shown = false;
  }

  /** `next` is older events, `previous` newer ones; `$reset` empties the log at sign-out. */
  return { items, pager, loading, stale, load, next, previous, refreshAfterChange, $reset };
});

/** Tells the audit log that an action wrote audit events (see `refreshAfterChange`); does not wait for the reload. */
export function auditEventsWritten(): void {
  void useAuditLogStore().refreshAfterChange();
}
