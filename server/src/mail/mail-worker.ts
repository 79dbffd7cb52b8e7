import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../database.js';
import type { MailTransport } from './mail-transport.js';
import type { MailWorker } from './notifications.js';
import { claimDue, hasDue, markAttemptFailed, markSentMany, withSharedTexts } from './outbox-store.js';
import type { OutboxEngine, OutboxRow, SharedTexts } from './outbox-store.js';
import { isPermanentSmtpError, retryDelayMs } from './retry-policy.js';
import type { RetryPolicy } from './retry-policy.js';
import { createSentMarks } from './sent-marks.js';

/** Tuning of the outbox worker. */
export interface MailWorkerOptions {
  db: Kysely<Database>;
  engine: OutboxEngine;
  transport: MailTransport;
  logger: Logger;
  now: () => number;
  retry: RetryPolicy;
  /** How long a claimed row belongs to this worker; must exceed the transport's timeouts. */
  leaseMs: number;
  /** Idle polling period (other processes may queue mail too). */
  pollIntervalMs: number;
  /** Rows claimed (and sent in parallel) per round. */
  batchSize: number;
  /** Makes the one-time links of a text about to be sent (the outbox holds only placeholders). */
  bindLinks?: (text: string) => Promise<string>;
}

/** Describes why a delivery failed in a short, credential-free sentence (for `outbox.last_error` and the log). */
export function describeDeliveryFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\/\/[^/@\s]+@/g, '//[redacted]@').slice(0, 500);
}

/**
 * The outbox worker. Delivery guarantee, precisely:
 *
 * - Rows are claimed (status `sending`, lease `locked_until`, `attempts + 1`) in one atomic UPDATE
 *   of up to `batchSize` rows before any byte goes to SMTP, so two workers never send the same row
 *   at the same time (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: one writer at a time).
 * - A row is marked `sent` after the SMTP server's 250 reply to DATA, by group commit
 *   (sent-marks.ts): the UPDATE starts at once unless one is already running, in which case the
 *   row goes into the next one. A process killed before the 250 leaves no accepted message (SMTP
 *   discards an unfinished transaction); the row's lease expires and any worker retries it: no
 *   loss, no duplicate.
 * - Only a kill (or a database failure) between the 250 and the end of the UPDATE that marks the
 *   row redelivers the message: at most two UPDATEs (a few milliseconds on an idle machine, longer
 *   on a saturated one; before the group commit it was one UPDATE per message, and the rows of that
 *   window are at most the `batchSize` messages in flight plus those accepted during one UPDATE).
 *   The row stays `sending` and is sent again when its lease ends, with the same Message-ID
 *   (derived from the idempotency key), so receivers that deduplicate by Message-ID still show it
 *   once. That is at-least-once at the SMTP boundary: never lost, and duplicated only by a crash
 *   in that window.
 * - The outbox's unique `idempotency_key` means a notice is queued at most once, whatever callers do.
 * - A failed attempt goes back to `pending` with exponential backoff; after `retry.maxAttempts`
 *   (or a permanent 5xx about the recipient) the row is `failed` with `last_error`.
 */
export function createMailWorker(opts: MailWorkerOptions): MailWorker & { kick(): void } {
  const workerId = `${process.pid}:${randomUUID()}`;
  let running = false;
  let timer: NodeJS.Timeout | null = null;
  let round: Promise<number> | null = null;
  const sharedTexts: SharedTexts = new Map();
  const sentMarks = createSentMarks(
    (ids) => markSentMany(opts.db, ids, workerId, opts.now()),
    (error, ids) =>
      // The rows stay `sending` under this worker's lease: retried (sent again) when it ends.
      opts.logger.error({ err: describeDeliveryFailure(error), rows: ids.length }, 'Could not record delivered mail as sent; it will be sent again after the lease'),
  );

  async function deliver(row: OutboxRow): Promise<void> {
    if (row.attempts > opts.retry.maxAttempts) {
      await markAttemptFailed(opts.db, row.id, workerId, { error: row.last_error ?? 'Gave up: retry budget used up.', nextAttemptAt: null });
      return;
    }
    // A row whose lease ran out while it waited in this batch may already be another worker's:
    // leave it to whoever claims it next rather than risk sending it twice.
    if (row.locked_until !== null && opts.now() >= Number(row.locked_until)) return;
    try {
      // Written in the transaction that queued the row, so never missing unless someone deleted it.
      if (row.message_id !== null && row.body_text === '') throw new Error(`Its shared message ${row.message_id} is missing.`);
      const text = opts.bindLinks ? await opts.bindLinks(row.body_text) : row.body_text;
      await opts.transport.send({ idempotencyKey: row.idempotency_key, to: row.to_address, subject: row.subject, text });
    } catch (error) {
      const permanent = isPermanentSmtpError(error);
      const giveUp = permanent || row.attempts >= opts.retry.maxAttempts;
      const nextAttemptAt = giveUp ? null : opts.now() + retryDelayMs(opts.retry, row.attempts);
      const message = describeDeliveryFailure(error);
      await markAttemptFailed(opts.db, row.id, workerId, { error: message, nextAttemptAt });
      opts.logger.warn(
        { outboxId: row.id, kind: row.kind, attempt: row.attempts, err: message, retryAt: nextAttemptAt && new Date(nextAttemptAt).toISOString() },
        giveUp ? 'Mail delivery failed for good' : 'Mail delivery failed; will retry',
      );
      return;
    }
    // Accepted by the receiver: record it with the next UPDATE (see the guarantee above).
    sentMarks.add(row.id);
    opts.logger.debug({ outboxId: row.id, kind: row.kind }, 'Mail delivered');
  }

  /**
   * One round: claim a batch, deliver it in parallel. Resolves with the number of rows handled;
   * their `sent` marks may still be on their way (`drain` and `stop` wait for them), so the next
   * claim does not wait for the last UPDATE of this round.
   */
  function runRound(): Promise<number> {
    round ??= (async () => {
      try {
        const claimed = await claimDue(opts.db, opts.engine, { workerId, now: opts.now(), leaseMs: opts.leaseMs, limit: opts.batchSize });
        const rows = await withSharedTexts(opts.db, claimed, sharedTexts);
        await Promise.all(rows.map((row) => deliver(row)));
        return rows.length;
      } finally {
        round = null;
      }
    })();
    return round;
  }

  /** True while `deliverWhileDue` runs: it claims again as soon as a round ends. */
  let looping = false;
  /** Something was queued while the loop ran: look again shortly after it ends. */
  let kicked = false;

  function schedule(delayMs: number): void {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void deliverWhileDue();
    }, delayMs);
    timer.unref();
  }

  /**
   * The background loop: rounds back to back while they find rows, then one look per poll period.
   * The next claim starts as soon as a round ends (a timer between rounds cost each round the
   * wait for the event loop's next timer phase: 5–8 ms of ~70 on a busy process).
   */
  async function deliverWhileDue(): Promise<void> {
    if (looping) return;
    looping = true;
    kicked = false;
    try {
      while (running && (await runRound()) > 0);
    } catch (error) {
      opts.logger.error({ err: describeDeliveryFailure(error) }, 'Mail worker round failed; retrying');
    } finally {
      looping = false;
    }
    schedule(kicked ? 25 : opts.pollIntervalMs);
  }

  return {
    start() {
      if (running) return;
      running = true;
      opts.logger.info({ to: opts.transport.describe(), workerId }, 'Mail worker started');
      schedule(0);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      // Let in-flight deliveries finish (and be recorded) before the database closes.
      while (round) await round.catch(() => 0);
      await sentMarks.settled();
      opts.transport.close();
    },
    async drain() {
      for (;;) {
        // A round of the background loop may hold rows that `hasDue` no longer sees: wait for it.
        if (round) {
          await round.catch(() => 0);
          continue;
        }
        const due = await hasDue(opts.db, opts.now());
        if (round) continue;
        if (!due) {
          // Delivered rows are recorded `sent` before `drain` answers.
          await sentMarks.settled();
          return;
        }
        await runRound();
      }
    },
    /** Something was queued in this process: look sooner than the next poll. */
    kick() {
      // The caller's transaction commits after it queues; a short delay lets the row become visible.
      // A running loop may have claimed before the commit: it looks again when it ends.
      if (looping) kicked = true;
      else schedule(25);
    },
  };
}
