/** How the worker retries a failed delivery. */
export interface RetryPolicy {
  /** Attempts before a row is marked `failed`. */
  maxAttempts: number;
  /** Delay after the first failure; doubles per failure. */
  baseDelayMs: number;
  /** Upper bound of one delay. */
  maxDelayMs: number;
}

/**
 * The default budget: 5 s doubling to a 15 min cap, 20 attempts — about 3.5 hours of retrying, so a
 * mail server that is down for a while (maintenance, a restart) still gets every notice.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 20, baseDelayMs: 5_000, maxDelayMs: 15 * 60_000 };

/**
 * Delay before the next attempt after `attempts` failed ones (1-based): exponential, capped, with
 * ±20 % jitter so many workers do not retry in lockstep. `random` is injectable for tests.
 */
export function retryDelayMs(policy: RetryPolicy, attempts: number, random: () => number = Math.random): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, attempts - 1);
  const capped = Math.min(exponential, policy.maxDelayMs);
  const jitter = 0.8 + random() * 0.4;
  return Math.round(capped * jitter);
}

/** Whether an SMTP error is permanent (a 5xx reply about the recipient): retrying would not help. */
export function isPermanentSmtpError(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && [550, 551, 553, 554].includes(code) && (error as { command?: unknown }).command === 'RCPT TO';
}
