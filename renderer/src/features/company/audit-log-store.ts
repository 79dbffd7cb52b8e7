import type { AuditEvent, AuditPage } from '@rms/shared';
import { defineStore } from 'pinia';
import { rms } from '../../api/rms-client';
import { usePagedList } from '../../store-kit/paged-list';

/** The company's audit log, newest first, one page at a time. */
export const useAuditLogStore = defineStore('audit-log', () => {
  const list = usePagedList<AuditEvent, AuditPage>((cursor, limit) => rms.company.listAudit({ cursor, limit }));

  const { items, pager, loading, load, next, previous, reset } = list;
  /** `next` is older events, `previous` newer ones; `$reset` empties the log at sign-out. */
  return { items, pager, loading, load, next, previous, $reset: reset };
});
