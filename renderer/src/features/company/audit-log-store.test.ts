import type { AuditEvent } from '@rms/shared';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { installRmsMock, ok } from '../../test/rms-mock';
import { useAuditLogStore } from './audit-log-store';

function event(id: string): AuditEvent {
  return { id, type: 'two_factor.enabled', at: '2026-11-27T19:00:00.000Z', actor: null, subject: null, clientAddress: null, details: {} };
}

describe('audit log store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('pages the log newest first with the server cursors, and forgets it on $reset', async () => {
    const mock = installRmsMock({
      'company:listAudit': (input) => ok((input as { cursor?: string }).cursor ? { items: [event('older')], nextCursor: null } : { items: [event('newest')], nextCursor: 'c2' }),
    });
    const audit = useAuditLogStore();
    await audit.load();
    await audit.next();
    expect(audit.items.map((e) => e.id)).toEqual(['older']);
    await audit.previous();
    expect(audit.items.map((e) => e.id)).toEqual(['newest']);
    expect(mock.inputsOf('company:listAudit')).toEqual([
      { cursor: undefined, limit: 20 },
      { cursor: 'c2', limit: 20 },
      { cursor: undefined, limit: 20 },
    ]);
    audit.$reset();
    expect(audit.items).toEqual([]);
    expect(audit.pager.next).toBeNull();
  });
});
