import type { AuditEvent, CompanyUser } from '@rms/shared';
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { installRmsMock, ok } from '../../test/rms-mock';
import { useAuditLogStore } from './audit-log-store';
import { useResetRequestsStore } from './reset-requests-store';
import { useCompanyUsersStore } from './users-store';

const BOB: CompanyUser = { id: 'bob', email: 'bob@example.com', name: 'Bob', role: 'admin', twoFactor: { enabled: false, enabledAt: null }, lockedUntil: null, locked: false, lastSignInAt: null };

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

  it('shows the events a reset request writes, made and then approved from the same screen, on the newest page', async () => {
    const log: AuditEvent[] = [event('older')];
    const mock = installRmsMock({
      'company:listAudit': () => ok({ items: [...log].reverse(), nextCursor: null }),
      'company:resetUserTwoFactor': () => {
        log.push(event('requested'));
        return ok({ request: { id: 'r1', expiresAt: '2026-12-02T19:00:00.000Z' } });
      },
      'company:approveResetRequest': () => {
        log.push(event('approved'));
        return ok(BOB);
      },
    });
    const audit = useAuditLogStore();
    await audit.load();

    expect(await useCompanyUsersStore().resetUser('bob', '123456')).toMatchObject({ kind: 'requested' });
    await flushPromises();
    expect(audit.items.map((e) => e.id)).toEqual(['requested', 'older']);

    await useResetRequestsStore().approve('r1', '654321');
    await flushPromises();
    expect(audit.items.map((e) => e.id)).toEqual(['approved', 'requested', 'older']);
    expect(mock.inputsOf('company:listAudit')).toHaveLength(3);
    expect(audit.stale).toBe(false);
  });

  it('keeps an administrator reading older events on their page, says newer ones were written, and is fresh again on the newest page', async () => {
    const mock = installRmsMock({
      'company:listAudit': (input) => ok((input as { cursor?: string }).cursor ? { items: [event('older')], nextCursor: null } : { items: [event('newest')], nextCursor: 'c2' }),
      'company:denyResetRequest': ok({}),
    });
    const audit = useAuditLogStore();
    await audit.load();
    await audit.next();
    await useResetRequestsStore().deny('r1', '123456');
    await flushPromises();
    expect(audit.items.map((e) => e.id)).toEqual(['older']);
    expect(audit.stale).toBe(true);
    expect(mock.inputsOf('company:listAudit')).toHaveLength(2);
    await audit.previous();
    expect(audit.stale).toBe(false);
  });

  it('does not load a log nobody has opened', async () => {
    const mock = installRmsMock({ 'company:denyResetRequest': ok({}) });
    await useResetRequestsStore().deny('r1', '123456');
    await flushPromises();
    expect(mock.inputsOf('company:listAudit')).toEqual([]);
  });
});
