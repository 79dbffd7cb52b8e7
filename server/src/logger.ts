import pino from 'pino';
import type { Logger } from 'pino';

/** Paths pino blanks out wherever they appear in a log line: no secret is ever logged. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.password',
  '*.code',
  '*.backupCode',
  '*.secret',
  '*.otpauthUri',
  '*.accessToken',
  '*.refreshToken',
  '*.challenge',
  '*.token',
  'password',
  'code',
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
