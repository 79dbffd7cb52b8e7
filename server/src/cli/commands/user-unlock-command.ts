import pino from 'pino';
import { unlockAccount } from '../../domain/admin-account-actions.js';
import { linkPlaceholder, reserveLink } from '../../domain/link-tokens.js';
import { createMail } from '../../mail/index.js';
import { CliError } from '../cli-error.js';
import { cliConfig, withDatabase } from '../open-cli-database.js';

/**
 * `user unlock`: lifts a "this wasn't me" lock (and a lock after failed codes) from the server's
 * machine, for when no other administrator can: the company's only administrator locked their
 * own account. Audited ("via command line"); the email is queued for the running server to send.
 */
export async function userUnlockCommand(opts: { data?: string; email: string }, out: (line: string) => void): Promise<void> {
  const config = cliConfig(opts.data);
  await withDatabase(config, async (db) => {
    const email = opts.email.trim().toLowerCase();
    const user = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    if (!user) throw new CliError(`There is no user with the email ${email}.`);
    // Only queues: the worker of the running server sends it (and makes its links) on its next round.
    const { notifications } = createMail({
      db,
      mailDir: config.mailDir,
      logger: pino({ level: 'silent' }),
      links: {
        reserveNotMe: async (tx, input) => linkPlaceholder(await reserveLink(tx, { ...input, purpose: 'not_me' })),
        bind: async (text) => text,
      },
    });
    const wasLocked = await unlockAccount(db, notifications, user, { actor: null, clientAddress: null, via: 'cli' }, Date.now());
    out(
      wasLocked
        ? `Unlocked ${user.email}: they can sign in again. They will be emailed by the running server; ask them to set a new password with "Forgot password?".`
        : `${user.email} was not locked; nothing changed.`,
    );
  });
}
