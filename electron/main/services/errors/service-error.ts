import type { ErrorCode, RmsErrorInfo } from '@rms/shared';
import { errorSentence } from '@rms/shared';

/**
 * An error the main-process services raise on purpose (app-side problems and backend answers
 * alike): it carries the RmsErrorInfo the dispatcher sends to the window as data. The renderer
 * turns that data into its own IpcResultError.
 */
export class ServiceError extends Error {
  /** The data sent over IPC. */
  readonly info: RmsErrorInfo;

  constructor(info: RmsErrorInfo) {
    super(info.message);
    this.name = 'ServiceError';
    this.info = info;
  }
}

/** Builds a ServiceError for a code, with the shared sentence for a person unless a message is given. */
export function appError(code: ErrorCode, message?: string, extra: Partial<RmsErrorInfo> = {}): ServiceError {
  const info: RmsErrorInfo = { code, message: '', ...extra };
  info.message = message ?? errorSentence(info);
  return new ServiceError(info);
}

/** True when the value is a ServiceError (also across module copies). */
export function isServiceError(value: unknown): value is ServiceError {
  return value instanceof ServiceError || (value instanceof Error && value.name === 'ServiceError' && 'info' in value);
}
