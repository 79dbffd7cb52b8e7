import { describeError } from '@rms/shared/error-messages';
import type { ErrorCode, RmsErrorInfo } from '@rms/shared';

/** An error from the main process (or the backend behind it), carrying its code and hints. */
export class RmsError extends Error implements RmsErrorInfo {
  readonly code: ErrorCode;
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly offsetSeconds?: number;

  constructor(info: RmsErrorInfo) {
    super(info.message);
    this.name = 'RmsError';
    this.code = info.code;
    this.status = info.status;
    this.retryAfterSeconds = info.retryAfterSeconds;
    this.offsetSeconds = info.offsetSeconds;
  }

  /** The sentence to show a person. */
  get sentence(): string {
    return describeError(this);
  }
}

/** Turns anything thrown into an RmsError so screens handle one shape. */
export function toRmsError(error: unknown): RmsError {
  if (error instanceof RmsError) return error;
  if (isErrorInfo(error)) return new RmsError(error);
  const message = error instanceof Error ? error.message : String(error);
  return new RmsError({ code: 'unexpected_response', message: message ? `Something went wrong: ${message}. Try again; if it keeps happening, restart the app.` : '' });
}

function isErrorInfo(value: unknown): value is RmsErrorInfo {
  return typeof value === 'object' && value !== null && typeof (value as RmsErrorInfo).code === 'string' && typeof (value as RmsErrorInfo).message === 'string';
}

/** True when the error is a throttle (too many attempts or a lock) that carries a wait time. */
export function isThrottle(error: RmsError): boolean {
  return error.code === 'too_many_attempts' || error.code === 'account_locked';
}
