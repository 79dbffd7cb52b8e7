import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import type { Database } from '../database.js';
import type { Executor } from '../db/executor.js';
import { preparedQuery } from '../db/prepared-query.js';
import type { MailText } from './mail-texts.js';
import type { CampaignProgress } from './notifications.js';
import type { OutboxTable } from './tables.js';

/** One outbox row as the worker sees it. */
export type OutboxRow = Selectable<OutboxTable>;

/** Which SQL engine runs the outbox (claiming differs). */
export type OutboxEngine = 'sqlite' | 'postgres';

/** The delivery state of a row just queued: due now, never attempted, not claimed. */
function newRowState(now: number) {
  return {
    status: 'pending' as const,
    attempts: 0,
    next_attempt_at: now,
    locked_until: null,
    locked_by: null,
    last_error: null,
    created_at: now,
    sent_at: null,
  };
}

/**
 * Queues one email, keyed by `idempotencyKey`: a second call with the same key changes nothing
 * (ON CONFLICT DO NOTHING on the unique index). Returns whether a row was added.
 */
export async function enqueue(
  db: Executor<Database>,
  input: { idempotencyKey: string; kind: OutboxTable['kind']; userId: string | null; to: string; mail: MailText; now: number },
): Promise<boolean> {
  const result = await db
    .insertInto('outbox')
    .values({
      id: randomUUID(),
      idempotency_key: input.idempotencyKey,
      kind: input.kind,
      campaign_id: null,
      user_id: input.userId,
      to_address: input.to,
      message_id: null,
      subject: input.mail.subject,
      body_text: input.mail.text,
      ...newRowState(input.now),
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** One addressee of `enqueueEach`. */
export interface Addressee {
  id: string;
  email: string;
}

/** Stores a message many rows will reference (`outbox_messages`); answers its id. */
async function insertSharedMessage(db: Executor<Database>, mail: MailText, now: number): Promise<string> {
  const id = randomUUID();
  await db.insertInto('outbox_messages').values({ id, subject: mail.subject, body_text: mail.text, created_at: now }).execute();
  return id;
}

/**
 * Queues the same email to each addressee under `${keyPrefix}${id}`: the text is stored once and
 * each row references it (in chunks, ON CONFLICT DO NOTHING on the unique key, so running it again
 * adds no row). Returns how many rows were added.
 */
export async function enqueueEach(
  db: Executor<Database>,
  input: { keyPrefix: string; kind: OutboxTable['kind']; to: Addressee[]; mail: MailText; now: number },
): Promise<number> {
  if (input.to.length === 0) return 0;
  const messageId = await insertSharedMessage(db, input.mail, input.now);
  let added = 0;
  const CHUNK = 500;
  for (let i = 0; i < input.to.length; i += CHUNK) {
    const rows = input.to.slice(i, i + CHUNK).map((to) => ({
      id: randomUUID(),
      idempotency_key: `${input.keyPrefix}${to.id}`,
      kind: input.kind,
      campaign_id: null,
      user_id: to.id,
      to_address: to.email,
      message_id: messageId,
      subject: '',
      body_text: '',
      ...newRowState(input.now),
    }));
    const result = await db.insertInto('outbox').values(rows).onConflict((oc) => oc.column('idempotency_key').doNothing()).executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return added;
}

/**
 * Withdraws the rows whose key starts with `keyPrefix` that have not gone out: `pending` ones and
 * those a worker is attempting right now (`sending`). Removing an attempted row means a failed
 * attempt is not retried after the withdrawal (the worker's closing UPDATE finds no row); one the
 * SMTP server is accepting at this moment may still arrive. Answers how many were removed.
 */
export async function cancelPending(db: Executor<Database>, keyPrefix: string): Promise<number> {
  const result = await db
    .deleteFrom('outbox')
    .where(sql<string>`substr(idempotency_key, 1, ${keyPrefix.length})`, '=', text(keyPrefix))
    .where('status', 'in', ['pending', 'sending'])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

function text(value: string) {
  return sql<string>`cast(${value} as text)`;
}

function integer(value: number) {
  return sql<number>`cast(${value} as bigint)`;
}

/**
 * Creates a campaign: its text once (`outbox_messages`) and, in one `INSERT ... SELECT`, one small
 * outbox row referencing it per user of the company whose 2FA is off at this moment (in the
 * caller's transaction, so recipients and `total` agree). The text is the same for everyone (it
 * greets no one by name), so nothing per recipient but the address is stored.
 */
export async function insertCampaign(
  db: Executor<Database>,
  input: { companyId: string; createdBy: string; now: number; mail: MailText; onlyAdmins?: boolean },
): Promise<CampaignProgress> {
  const id = randomUUID();
  let recipients = db.selectFrom('users').where('users.company_id', '=', input.companyId).where('users.two_factor_enabled_at', 'is', null);
  if (input.onlyAdmins) recipients = recipients.where('users.role', '=', 'admin');
  const messageId = await insertSharedMessage(db, input.mail, input.now);
  const inserted = await db
    .insertInto('outbox')
    .columns([
      'id', 'idempotency_key', 'kind', 'campaign_id', 'user_id', 'to_address', 'message_id', 'subject', 'body_text',
      'status', 'attempts', 'next_attempt_at', 'created_at',
    ])
    .expression(
      recipients
        .select((eb) => [
          sql<string>`${text(`${id}:`)} || ${eb.ref('users.id')}`.as('id'),
          sql<string>`${text(`campaign:${id}:`)} || ${eb.ref('users.id')}`.as('idempotency_key'),
          text('campaign_notice').as('kind'),
          text(id).as('campaign_id'),
          eb.ref('users.id').as('user_id'),
          eb.ref('users.email').as('to_address'),
          text(messageId).as('message_id'),
          text('').as('subject'),
          text('').as('body_text'),
          text('pending').as('status'),
          integer(0).as('attempts'),
          integer(input.now).as('next_attempt_at'),
          integer(input.now).as('created_at'),
        ]),
    )
    // No ON CONFLICT: every key holds this new campaign's id, so none can exist yet (the unique
    // index still guards it), and PostgreSQL inserts plain rows much faster than speculative ones.
    .executeTakeFirst();
  const total = Number(inserted.numInsertedOrUpdatedRows ?? 0n);
  await db
    .insertInto('campaigns')
    .values({ id, company_id: input.companyId, created_by: input.createdBy, created_at: input.now, total })
    .execute();
  return { id, createdAt: input.now, total, sent: 0, failed: 0, done: total === 0 };
}

/** Progress of a campaign of `companyId` counted from its outbox rows, or null when there is none. */
export async function campaignProgress(db: Executor<Database>, companyId: string, campaignId: string): Promise<CampaignProgress | null> {
  const campaign = await db
    .selectFrom('campaigns')
    .selectAll()
    .where('id', '=', campaignId)
    .where('company_id', '=', companyId)
    .executeTakeFirst();
  if (!campaign) return null;
  const rows = await db
    .selectFrom('outbox')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('campaign_id', '=', campaignId)
    .groupBy('status')
    .execute();
  const count = (status: OutboxTable['status']) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  const sent = count('sent');
  const failed = count('failed');
  return { id: campaign.id, createdAt: Number(campaign.created_at), total: campaign.total, sent, failed, done: sent + failed >= campaign.total };
}

/**
 * Claims up to `limit` due rows for `workerId` until `now + leaseMs`: pending rows whose
 * `next_attempt_at` has come, and `sending` rows whose lease expired (their worker died or hung),
 * oldest due first. One atomic UPDATE: PostgreSQL skips rows other workers are claiming (FOR UPDATE
 * SKIP LOCKED); SQLite serialises writers, so the conditional UPDATE cannot hand a row to two workers.
 *
 * The two kinds of due rows are looked up apart, each `limit` rows in `next_attempt_at` order, and
 * the oldest `limit` of both are taken: each lookup then reads a range of the (status,
 * next_attempt_at) index. One lookup with an OR of both conditions reads and sorts every pending
 * row instead (both engines), about 11 ms on SQLite and 60–90 ms on PostgreSQL per claim with a
 * 100,000-user campaign queued: the claim grew with the queue.
 */
export async function claimDue(
  db: Kysely<Database>,
  engine: OutboxEngine,
  input: { workerId: string; now: number; leaseMs: number; limit: number },
): Promise<OutboxRow[]> {
  const claim = engine === 'postgres' ? claimDuePostgres : claimDueSqlite;
  const { rows } = await claim.execute(db, { workerId: input.workerId, now: input.now, lockedUntil: input.now + input.leaseMs, limit: input.limit });
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts), next_attempt_at: Number(r.next_attempt_at) }));
}

/**
 * The claim's statement, built and compiled once (`preparedQuery`; on PostgreSQL a named
 * statement, parsed and planned once per connection): it runs before every round of 8 messages.
 */
function claimStatement(engine: OutboxEngine) {
  return preparedQuery((db: Kysely<Database>, a: { workerId: string; now: number; lockedUntil: number; limit: number }) => {
    const lookup = (due: SelectQueryBuilder<Database, 'outbox', { id: string; next_attempt_at: number }>) => {
      const ordered = due.orderBy('next_attempt_at').limit(a.limit);
      return engine === 'postgres' ? ordered.forUpdate().skipLocked() : ordered;
    };
    const pending = lookup(db.selectFrom('outbox').select(['id', 'next_attempt_at']).where('status', '=', 'pending').where('next_attempt_at', '<=', a.now));
    const leaseEnded = lookup(db.selectFrom('outbox').select(['id', 'next_attempt_at']).where('status', '=', 'sending').where('locked_until', '<=', a.now));
    const candidates = db
      .selectFrom((eb) =>
        eb
          .selectFrom(pending.as('p'))
          .select(['p.id', 'p.next_attempt_at'])
          .unionAll(eb.selectFrom(leaseEnded.as('l')).select(['l.id', 'l.next_attempt_at']))
          .as('due'),
      )
      .select('due.id')
      .orderBy('due.next_attempt_at')
      .limit(a.limit);
    return db
      .updateTable('outbox')
      .set((eb) => ({ status: 'sending', locked_by: a.workerId, locked_until: a.lockedUntil, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', candidates)
      .returningAll();
  });
}

const claimDuePostgres = claimStatement('postgres');
const claimDueSqlite = claimStatement('sqlite');

/** Texts of shared messages by id, kept by a worker between rounds (a message never changes). */
export type SharedTexts = Map<string, { subject: string; body_text: string }>;

const SHARED_TEXTS_KEPT = 64;

/**
 * Fills in the subject and text of rows that reference a shared message, reading each message
 * once (one query for those `cache` does not have yet). A row whose message is missing keeps its
 * empty text and is answered as is (the caller fails it).
 */
export async function withSharedTexts(db: Kysely<Database>, rows: OutboxRow[], cache: SharedTexts): Promise<OutboxRow[]> {
  const texts: SharedTexts = new Map();
  for (const row of rows) {
    const cached = row.message_id === null ? undefined : cache.get(row.message_id);
    if (row.message_id !== null && cached) texts.set(row.message_id, cached);
  }
  const missing = [...new Set(rows.flatMap((r) => (r.message_id !== null && !texts.has(r.message_id) ? [r.message_id] : [])))];
  if (missing.length > 0) {
    const messages = await db.selectFrom('outbox_messages').select(['id', 'subject', 'body_text']).where('id', 'in', missing).execute();
    for (const m of messages) {
      texts.set(m.id, { subject: m.subject, body_text: m.body_text });
      if (cache.size >= SHARED_TEXTS_KEPT) cache.delete(cache.keys().next().value as string);
      cache.set(m.id, { subject: m.subject, body_text: m.body_text });
    }
  }
  return rows.map((r) => {
    const shared = r.message_id === null ? undefined : texts.get(r.message_id);
    return shared ? { ...r, ...shared } : r;
  });
}

/**
 * Marks claimed rows sent in one UPDATE (only those this worker still holds). The worker gathers
 * the rows whose SMTP 250 came while the previous such UPDATE ran (see sent-marks.ts).
 */
export async function markSentMany(db: Kysely<Database>, ids: readonly string[], workerId: string, now: number): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('outbox')
    .set({ status: 'sent', sent_at: now, locked_by: null, locked_until: null, last_error: null })
    .where('id', 'in', ids)
    .where('locked_by', '=', workerId)
    .execute();
}

/** Puts a claimed row back to `pending` for another attempt at `nextAttemptAt`, or marks it `failed`. */
export async function markAttemptFailed(
  db: Kysely<Database>,
  id: string,
  workerId: string,
  input: { error: string; nextAttemptAt: number | null },
): Promise<void> {
  await db
    .updateTable('outbox')
    .set(
      input.nextAttemptAt === null
        ? { status: 'failed', locked_by: null, locked_until: null, last_error: input.error }
        : { status: 'pending', next_attempt_at: input.nextAttemptAt, locked_by: null, locked_until: null, last_error: input.error },
    )
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .execute();
}

/** Whether any row is due now (pending and due, or sending with an expired lease); `drain` loops on it. */
export async function hasDue(db: Kysely<Database>, now: number): Promise<boolean> {
  const row = await db
    .selectFrom('outbox')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('locked_until', '<=', now)]),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
