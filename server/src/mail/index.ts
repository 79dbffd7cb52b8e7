import { PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../database.js';
import type { Executor } from '../db/executor.js';
import { noticeCarriesNotMeLink, renderCampaignNotice, renderPasswordResetLink, renderSecurityNotice } from './mail-texts.js';
import { DEFAULT_FROM, createEmlTransport, createSmtpTransport, redactSmtpUrl, smtpTlsPolicy } from './mail-transport.js';
import type { MailTransport } from './mail-transport.js';
import { createMailWorker } from './mail-worker.js';
import type { MailWorker, Notifications } from './notifications.js';
import { campaignProgress, cancelPending, enqueue, enqueueEach, insertCampaign } from './outbox-store.js';
import type { OutboxEngine } from './outbox-store.js';
import { DEFAULT_RETRY_POLICY } from './retry-policy.js';
import type { RetryPolicy } from './retry-policy.js';

/** Options of `createMail`. Only `db`, `mailDir` and `logger` are required. */
export interface MailOptions {
  db: Kysely<Database>;
  /** `smtp://host:port` or `smtps://user:pass@host`; without it, mail goes to `.eml` files in `mailDir`. */
  smtpUrl?: string;
  /** `SMTP_ALLOW_PLAINTEXT=1`: plain smtp:// to a remote host may skip STARTTLS. */
  smtpAllowPlaintext?: boolean;
  mailDir: string;
  from?: string;
  logger: Logger;
  now?: () => number;
  /** Lease of a claimed row (default RMS_MAIL_LEASE_MS or 2 min). */
  leaseMs?: number;
  /** Idle poll period (default RMS_MAIL_POLL_MS or 1 s). */
  pollIntervalMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Replaces the SMTP/.eml transport (unit tests). */
  transport?: MailTransport;
  /** One-time links in emails: reserved with the email, made only when it is sent (see domain/link-tokens.ts). */
  links?: MailLinks;
}

/** How the mail subsystem puts one-time links into emails (the composition root supplies it). */
export interface MailLinks {
  /** Reserves a "this wasn't me" link for the user in the caller's transaction; answers its placeholder. */
  reserveNotMe(db: Executor<Database>, input: { userId: string; about: string; now: number }): Promise<string>;
  /** Replaces the placeholders of a text about to be sent with real links (and the email check's code). */
  bind(text: string): Promise<string>;
}

function envMs(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function engineOf(db: Kysely<Database>): OutboxEngine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Rows the worker claims and sends at once. */
const BATCH_SIZE = 8;
/** Pooled SMTP connections: one per message in flight. */
const SMTP_CONNECTIONS = BATCH_SIZE;

/**
 * The mail subsystem: `notifications` queues emails in the caller's transaction (durable outbox),
 * `worker` delivers them over SMTP or into `.eml` files. See `mail-worker.ts` for the guarantee.
 */
export function createMail(opts: MailOptions): { notifications: Notifications<Database>; worker: MailWorker } {
  const now = opts.now ?? Date.now;
  const from = opts.from ?? DEFAULT_FROM;
  const leaseMs = opts.leaseMs ?? envMs('RMS_MAIL_LEASE_MS', 120_000);
  // SMTP timeouts stay well inside the lease, so a hung server cannot outlive a worker's claim.
  const smtpTimeoutMs = Math.max(1_000, Math.floor(leaseMs / 4));
  const transport =
    opts.transport ??
    (opts.smtpUrl
      ? createSmtpTransport({ smtpUrl: opts.smtpUrl, from, timeoutMs: smtpTimeoutMs, allowPlaintext: opts.smtpAllowPlaintext ?? false, connections: SMTP_CONNECTIONS })
      : createEmlTransport(opts.mailDir, from, opts.logger));
  if (opts.smtpUrl && opts.smtpAllowPlaintext && smtpTlsPolicy(opts.smtpUrl, false).requireTLS) {
    opts.logger.warn({ smtp: redactSmtpUrl(opts.smtpUrl) }, 'SMTP_ALLOW_PLAINTEXT=1: mail and SMTP credentials may travel to this server without TLS');
  }
  if (!opts.smtpUrl && !opts.transport) {
    opts.logger.info({ mailDir: opts.mailDir }, 'No SMTP_URL set: emails are written as .eml files to the mail folder');
  }
  const worker = createMailWorker({
    db: opts.db,
    engine: engineOf(opts.db),
    transport,
    logger: opts.logger,
    now,
    retry: { ...DEFAULT_RETRY_POLICY, ...opts.retry },
    leaseMs,
    pollIntervalMs: opts.pollIntervalMs ?? envMs('RMS_MAIL_POLL_MS', 1_000),
    batchSize: BATCH_SIZE,
    ...(opts.links ? { bindLinks: opts.links.bind } : {}),
  });
  const notifications: Notifications<Database> = {
    async queueSecurityNotice(db, notice) {
      // Every notice to the person whose account it reports carries a "this wasn't me" link.
      const withLink =
        opts.links && !notice.notMeLink && noticeCarriesNotMeLink(notice.kind)
          ? { ...notice, notMeLink: await opts.links.reserveNotMe(db, { userId: notice.user.id, about: renderSecurityNotice(notice).subject, now: now() }) }
          : notice;
      const added = await enqueue(db, {
        idempotencyKey: `security:${notice.eventId}`,
        kind: 'security_notice',
        userId: notice.user.id,
        to: notice.user.email,
        mail: renderSecurityNotice(withLink),
        now: now(),
      });
      if (added) worker.kick();
    },
    async queuePasswordResetLink(db, mail) {
      const added = await enqueue(db, {
        idempotencyKey: `reset:${mail.eventId}`,
        kind: 'account_link',
        userId: mail.user.id,
        to: mail.user.email,
        mail: renderPasswordResetLink(mail),
        now: now(),
      });
      if (added) worker.kick();
    },
    async startEnrollmentCampaign(db, input) {
      const progress = await insertCampaign(db, {
        companyId: input.companyId,
        createdBy: input.createdBy,
        now: input.now,
        onlyAdmins: input.onlyAdmins ?? false,
        mail: renderCampaignNotice({ companyName: input.companyName, at: input.now, deadline: input.deadline ?? null }),
      });
      if (progress.total > 0) worker.kick();
      return progress;
    },
    async queueEach(db, input) {
      const added = await enqueueEach(db, { ...input, now: now() });
      if (added > 0) worker.kick();
      return added;
    },
    cancelQueued(db, keyPrefix) {
      return cancelPending(db, keyPrefix);
    },
    getCampaign(db, companyId, campaignId) {
      return campaignProgress(db, companyId, campaignId);
    },
  };
  return { notifications, worker: { start: () => worker.start(), stop: () => worker.stop(), drain: () => worker.drain() } };
}

export type { MailWorker, Notifications, SecurityNotice, CampaignProgress } from './notifications.js';
