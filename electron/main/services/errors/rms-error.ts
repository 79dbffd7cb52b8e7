import type { ErrorCode, RmsErrorInfo } from '@rms/shared';
import { describeError } from '@rms/shared';

/** An error the main process raises on purpose: it carries the RmsErrorInfo the renderer receives. */
export class RmsError extends Error {
  /** The data sent over IPC. */
  readonly info: RmsErrorInfo;

  constructor(info: RmsErrorInfo) {
    super(info.message);
    this.name = 'RmsError';
    this.info = info;
  }
}

/** Builds an RmsError for an app-side code, with the shared human sentence unless one is given. */
export function appError(code: ErrorCode, message?: string, extra: Partial<RmsErrorInfo> = {}): RmsError {
  const info: RmsErrorInfo = { code, message: '', ...extra };
  info.message = message ?? describeError(info);
  return new RmsError(info);
}

/** True when the value is an RmsError (also across module copies). */
export function isRmsError(value: unknown): value is RmsError {
  return value instanceof RmsError || (value instanceof Error && value.name === 'RmsError' && 'info' in value);
}
