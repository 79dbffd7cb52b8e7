import type { Kysely, Transaction } from 'kysely';

/** Any Kysely executor: the database or an open transaction. */
export type Executor<DB> = Kysely<DB> | Transaction<DB>;
