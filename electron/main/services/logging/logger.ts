/** Where main-process services write diagnostics. Secrets must never be passed in. */
export interface Logger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

const SECRET_KEYS = /token|secret|password|backup|code|authorization|cookie/i;

/** Replaces the values of secret-looking keys with "[redacted]", recursively. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEYS.test(key) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

/** A logger writing one line per entry to stderr, with secret-looking fields redacted. */
export function createConsoleLogger(scope = 'main'): Logger {
  const write = (level: string, message: string, details?: Record<string, unknown>) => {
    const suffix = details ? ` ${JSON.stringify(redact(details))}` : '';
    process.stderr.write(`[${new Date().toISOString()}] ${level} ${scope}: ${message}${suffix}\n`);
  };
  return {
    info: (m, d) => write('INFO', m, d),
    warn: (m, d) => write('WARN', m, d),
    error: (m, d) => write('ERROR', m, d),
  };
}

/** A logger that drops everything (tests) or collects entries when given an array. */
export function createSilentLogger(sink?: { level: string; message: string; details?: Record<string, unknown> }[]): Logger {
  const push = (level: string) => (message: string, details?: Record<string, unknown>) => {
    sink?.push({ level, message, details: details ? (redact(details) as Record<string, unknown>) : undefined });
  };
  return { info: push('info'), warn: push('warn'), error: push('error') };
}
