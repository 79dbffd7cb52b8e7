import { randomUUID } from 'node:crypto';
import { randomToken, sha256 } from '../crypto/tokens.js';
import type { Database } from '../database.js';
import type { Executor } from '../db/executor.js';
import type { LinkTokensTable } from '../db/schema.js';

/** What a one-time emailed link is for; each has its page under `/account/`. */
export type LinkPurpose = LinkTokensTable['purpose'];

/** How long each kind of link works after its email is handed to the mail server. */
export const LINK_TTL_MS: Record<LinkPurpose, number> = {
  password_reset: 30 * 60 * 1000,
  not_me: 7 * 24 * 60 * 60 * 1000,
};

/** The path of each kind of link's page, under RMS_PUBLIC_URL (the token follows it). */
export const LINK_PATHS: Record<LinkPurpose, string> = {
  password_reset: '/account/reset-password/',
  not_me: '/account/not-me/',
};

const PLACEHOLDER = /\[\[rms-link:([0-9a-f-]{36})\]\]/g;

/** The mark an email's text carries where its link goes; the token is made only when the email is sent. */
export function linkPlaceholder(linkId: string): string {
  return `[[rms-link:${linkId}]]`;
}

/**
 * Reserves a link for a user, in the caller's transaction (with the email that will carry it).
 * No token exists yet: the outbox keeps only the placeholder, and `bindLinks` makes the token
 * when the email is sent, so the database never holds a usable link. Answers the link's id.
 */
export async function reserveLink(
  db: Executor<Database>,
  input: { userId: string; purpose: LinkPurpose; about?: string | null; now: number },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('link_tokens')
    .values({
      id,
      // Never the SHA-256 hex of a token, so nothing matches it until a token is made.
      token_hash: `pending:${id}`,
      user_id: input.userId,
      purpose: input.purpose,
      about: input.about ?? null,
      created_at: input.now,
      expires_at: input.now + LINK_TTL_MS[input.purpose],
      used_at: null,
    })
    .execute();
  return id;
}

/**
 * Replaces each link placeholder of an email's text with a fresh link (`<publicUrl><path><token>`),
 * storing only the token's hash; the link's lifetime starts now. A retried delivery makes a new
 * token (the undelivered one stops working). A link already used or gone reads as a sentence.
 */
export async function bindLinks(db: Executor<Database>, text: string, publicUrl: string, now: number): Promise<string> {
  const ids = [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string))];
  const links = new Map<string, string>();
  for (const id of ids) {
    const row = await db.selectFrom('link_tokens').select(['purpose', 'created_at', 'expires_at']).where('id', '=', id).executeTakeFirst();
    const token = randomToken();
    const bound = row
      ? await db
          .updateTable('link_tokens')
          .set({ token_hash: sha256(token), expires_at: now + LINK_TTL_MS[row.purpose] })
          .where('id', '=', id)
          .where('used_at', 'is', null)
          .executeTakeFirst()
      : null;
    links.set(id, row && Number(bound?.numUpdatedRows) === 1 ? `${publicUrl}${LINK_PATHS[row.purpose]}${token}` : '(this link is no longer valid)');
  }
  return text.replace(PLACEHOLDER, (_match, id: string) => links.get(id) ?? '');
}

/** Why a link does not work, or the link itself. */
export type LinkLookup =
  | { status: 'valid'; link: LinkTokensTable }
  | { status: 'used' | 'expired' | 'unknown' };

/** Looks a link up by its token, for its purpose only. Looking changes nothing (GET never spends a link). */
export async function lookUpLink(db: Executor<Database>, token: string, purpose: LinkPurpose, now: number): Promise<LinkLookup> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { status: 'unknown' };
  const link = await db
    .selectFrom('link_tokens')
    .selectAll()
    .where('token_hash', '=', sha256(token))
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  if (!link) return { status: 'unknown' };
  if (link.used_at !== null) return { status: 'used' };
  if (Number(link.expires_at) <= now) return { status: 'expired' };
  return { status: 'valid', link };
}

/** Spends a link, once: true for the one caller whose conditional UPDATE took it. */
export async function spendLink(db: Executor<Database>, linkId: string, now: number): Promise<boolean> {
  const spent = await db
    .updateTable('link_tokens')
    .set({ used_at: now })
    .where('id', '=', linkId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(spent.numUpdatedRows) === 1;
}

/** Spends every other unused link of a user for a purpose (a new password voids the other reset links). */
export async function spendUserLinks(db: Executor<Database>, userId: string, purpose: LinkPurpose, now: number): Promise<void> {
  await db.updateTable('link_tokens').set({ used_at: now }).where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
}
