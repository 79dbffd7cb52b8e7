import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Database } from '../database.js';
import type { Engine } from '../db/open-database.js';
import type { Notifications } from '../mail/notifications.js';
import type { BackgroundTasks } from './background-tasks.js';

/** What every domain service needs: storage, the clock, the secret box, mail and a logger. */
export interface DomainContext {
  db: Kysely<Database>;
  engine: Engine;
  /** Epoch milliseconds; every time decision goes through it, so tests can move time. */
  now: () => number;
  secrets: SecretBox;
  notifications: Notifications<Database>;
  logger: Logger;
  /** Work started by a request whose answer must not wait for it (the forgotten-password email). */
  background: BackgroundTasks;
}

/** Who is asking, as far as the network can tell. */
export interface RequestOrigin {
  clientAddress: string | null;
  /** What the client says it is (app, version, OS), sanitised; absent when unknown. */
  client?: string | null;
}
