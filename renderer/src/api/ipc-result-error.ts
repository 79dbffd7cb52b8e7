import { errorSentence } from '@rms/shared/error-messages';
import type { ErrorCode, ErrorHint, RmsErrorInfo } from '@rms/shared';

/** The renderer-side error of a failed IpcResult (from the main process or the backend behind it), carrying its code and hints. */
export class IpcResultError extends Error implements RmsErrorInfo {
  readonly code: ErrorCode;
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly offsetSeconds?: number;
  readonly hint?: ErrorHint;

  constructor(info: RmsErrorInfo) {
    super(info.message);
    this.name = 'IpcResultError';
    this.code = info.code;
    this.status = info.status;
    this.retryAfterSeconds = info.retryAfterSeconds;
    this.offsetSeconds = info.offsetSeconds;
    this.hint = info.hint;
  }

  /** The sentence to show a person. */
  get sentence(): string {
    return errorSentence(this);
  }
}

/** Turns anything thrown into an IpcResultError so screens handle one shape. */
export function toIpcResultError(error: unknown): IpcResultError {
  if (error instanceof IpcResultError) return error;
  if (isErrorInfo(error)) return new IpcResultError(error);
  const message = error instanceof Error ? error.message : String(error);
  return new IpcResultError({ code: 'unexpected_response', message: message ? `Something went wrong: ${message}. Try again; if it keeps happening, restart the app.` : '' });
}

function isErrorInfo(value: unknown): value is RmsErrorInfo {
  return typeof value === 'object' && value !== null && typeof (value as RmsErrorInfo).code === 'string' && typeof (value as RmsErrorInfo).message === 'string';
}

/**
 * True when the error is a throttle (too many attempts, or a lock after failed codes) that carries
 * a wait time. A lock without one ("this wasn't me") lasts until an administrator unlocks it.
 */
export function isThrottle(error: IpcResultError): boolean {
  return error.code === 'too_many_attempts' || (error.code === 'account_locked' && error.retryAfterSeconds !== undefined);
}
