import { errorSentence } from '@rms/shared';
import type { ApiErrorCode } from '@rms/shared';

/** Extra fields an error body may carry. */
export interface ApiErrorExtras {
  retryAfterSeconds?: number;
  offsetSeconds?: number;
  /** On `invalid_code`: the code matched another time, so the phone's clock may be wrong. */
  hint?: 'check_phone_clock';
  issues?: { path: string; message: string }[];
}

/** A refusal the API answers with `{ error, message, ...extras }` and the given HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message?: string,
    readonly extras: ApiErrorExtras = {},
  ) {
    super(message ?? errorSentence({ code, message: '', ...extras }));
    this.name = 'ApiError';
  }
}

/** 429 with the number of seconds until another attempt is allowed (at least 1). */
export function retryLater(code: 'too_many_attempts' | 'account_locked', untilMs: number, nowMs: number): ApiError {
  const retryAfterSeconds = Math.max(1, Math.ceil((untilMs - nowMs) / 1000));
  return new ApiError(429, code, undefined, { retryAfterSeconds });
}
