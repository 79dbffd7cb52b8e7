import pino from 'pino';
import type { Logger } from 'pino';

/** Paths pino blanks out wherever they appear in a log line: no secret is ever logged. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.password',
  // Not '*.code': error objects carry a diagnostic `code` (ECONNREFUSED, 57P01...) worth keeping.
  'body.code',
  'req.body.code',
  'body.password',
  'req.body.password',
  '*.backupCode',
  '*.secret',
  '*.otpauthUri',
  '*.accessToken',
  '*.refreshToken',
  '*.challenge',
  '*.token',
  'password',
  'backupCode',
  'secret',
  'accessToken',
  'refreshToken',
  'challenge',
];

/** The server's structured logger (JSON lines on stdout) with secret redaction. */
export function createLogger(level = 'info'): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}
