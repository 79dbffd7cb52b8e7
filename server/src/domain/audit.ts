import { randomUUID } from 'node:crypto';
import type { AuditEventType } from '@rms/shared';
import type { Database } from '../database.js';
import type { Executor } from '../db/executor.js';
import type { Notifications, SecurityEventKind } from '../mail/notifications.js';

/** A person in an audit event. */
export interface AuditPerson {
  id: string;
  email: string;
  name?: string;
}

/** A user as an audit event names them (actor or subject). */
export function auditPerson(user: { id: string; email: string; name: string }): AuditPerson {
  return { id: user.id, email: user.email, name: user.name };
}

/** An event to record; `notice` also queues the user's security email in the same transaction. */
export interface SecurityEvent {
  type: AuditEventType;
  companyId: string;
  at: number;
  actor: AuditPerson | null;
  subject: AuditPerson | null;
  clientAddress: string | null;
  details?: Record<string, unknown>;
  /** Email the subject about it. */
  notice?: SecurityEventKind;
  /** Facts the email adds under its sentence (which device, ...); never a secret. */
  noticeLines?: string[];
}

/** Writes the audit event and (when asked) queues the security email, in the caller's transaction. */
export async function recordEvent(
  db: Executor<Database>,
  notifications: Notifications<Database>,
  event: SecurityEvent,
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('audit_events')
    .values({
      id,
      company_id: event.companyId,
      type: event.type,
      at: event.at,
      actor_id: event.actor?.id ?? null,
      actor_email: event.actor?.email ?? null,
      subject_id: event.subject?.id ?? null,
      subject_email: event.subject?.email ?? null,
      client_address: event.clientAddress,
      details: JSON.stringify(event.details ?? {}),
    })
    .execute();
  if (event.notice && event.subject) {
    const actorIsOther = event.actor && event.actor.id !== event.subject.id;
    await notifications.queueSecurityNotice(db, {
      eventId: id,
      kind: event.notice,
      user: { id: event.subject.id, email: event.subject.email, name: event.subject.name ?? event.subject.email },
      at: event.at,
      clientAddress: event.clientAddress,
      ...(event.noticeLines ? { lines: event.noticeLines } : {}),
      ...(actorIsOther && event.actor ? { actor: { email: event.actor.email } } : {}),
    });
  }
  return id;
}
