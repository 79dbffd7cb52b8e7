import { ApiError } from './api-error.js';

/** Encodes a position in a list as an opaque cursor. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** Decodes a cursor made by `encodeCursor`, or answers 400 `validation_failed`. */
export function decodeCursor(cursor: string, shape: ('string' | 'number')[]): (string | number)[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === shape.length && values.every((v, i) => typeof v === shape[i] && isStorable(v))) {
      return values as (string | number)[];
    }
  } catch {
    // fall through to the validation error
  }
  throw new ApiError(400, 'validation_failed', 'The paging cursor is not valid. Load the list again from the first page.', {
    issues: [{ path: 'cursor', message: 'Not a cursor this server handed out.' }],
  });
}

/** PostgreSQL text cannot hold NUL and numbers must be finite: anything else is not a cursor we made. */
function isStorable(value: unknown): boolean {
  return typeof value === 'string' ? !value.includes('\u0000') : Number.isFinite(value);
}
