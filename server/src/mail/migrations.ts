import type { Migration } from 'kysely';

/** Placeholder until the mail subsystem adds its migrations (keys from `0100_`). */
export const mailMigrations: Record<string, Migration> = {};
