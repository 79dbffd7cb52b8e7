/** Where the refresh token lives between runs. Account = `<backend origin>|<user email>`. */
export interface SecretStore {
  /** The secret stored for the account, or null. */
  get(account: string): Promise<string | null>;
  /** Stores (or replaces) the secret for the account. */
  set(account: string, secret: string): Promise<void>;
  /** Removes the account's secret; resolves even when there was none. */
  delete(account: string): Promise<void>;
}

/** The keychain service name every entry is stored under. */
export const SECRET_SERVICE_NAME = 'RMS Console';

/** The keychain account of a user on a backend: one entry per backend origin + user. */
export function secretAccount(origin: string, email: string): string {
  return `${origin}|${email.toLowerCase()}`;
}
