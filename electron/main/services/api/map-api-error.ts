import type { RmsErrorInfo } from '@rms/shared';
import { ApiErrorBodySchema, SERVER_WORDED_ERRORS, errorSentence } from '@rms/shared';
import { appError, ServiceError } from '../errors/service-error.js';

const TLS_PATTERN = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH|ALTNAME|ERR_INSECURE_RESPONSE/i;

/** Collects the codes and messages along an error's `cause` chain (Node fetch and net.fetch nest them). */
function causeText(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let i = 0; i < 6 && current; i++) {
    if (typeof current === 'object') {
      const e = current as { code?: unknown; message?: unknown; cause?: unknown };
      if (typeof e.code === 'string') parts.push(e.code);
      if (typeof e.message === 'string') parts.push(e.message);
      current = e.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(' ');
}

/** Maps a failure to reach the server (no HTTP answer) to `tls_error` or `backend_unreachable`. */
export function mapTransportError(err: unknown): ServiceError {
  // No HTTP answer at all: a certificate problem says so; anything else (refused, reset, DNS, timeout, proxy) is unreachable.
  return appError(TLS_PATTERN.test(causeText(err)) ? 'tls_error' : 'backend_unreachable');
}

/** Maps an HTTP error answer to RmsErrorInfo: the server's `{error, message, ...}` body passes through. */
export function mapHttpError(status: number, body: unknown): ServiceError {
  const parsed = ApiErrorBodySchema.safeParse(body);
  if (parsed.success) {
    const { error, message, retryAfterSeconds, offsetSeconds, hint } = parsed.data;
    const out: RmsErrorInfo = { code: error, message, status };
    if (retryAfterSeconds !== undefined) out.retryAfterSeconds = retryAfterSeconds;
    if (offsetSeconds !== undefined) out.offsetSeconds = offsetSeconds;
    if (hint !== undefined) out.hint = hint;
    if (!SERVER_WORDED_ERRORS.includes(error)) out.message = errorSentence(out);
    return new ServiceError(out);
  }
  if (status === 503 || status === 502 || status === 504) return appError('service_unavailable', undefined, { status });
  return appError('unexpected_response', `The server gave an answer the app does not understand (HTTP ${status}). Check the server address, or try again later.`, { status });
}

/**
 * The error for a redirect from the server address: the app follows none (a captive portal or a
 * single-sign-on proxy answers in the RMS server's place), and names where it would have gone.
 */
export function redirectedAway(status: number, location: unknown, from: string): ServiceError {
  let host: string | null = null;
  try {
    host = typeof location === 'string' && location ? new URL(location, from).host : null;
  } catch {
    host = null;
  }
  const where = host ? `to ${host}` : 'elsewhere';
  return appError(
    'unexpected_response',
    `The server address sends the app ${where} (HTTP ${status}) instead of answering, so something else is answering for the RMS server: a captive portal (hotel or guest Wi-Fi) or a single-sign-on proxy. Sign in to the network in your browser, or ask your IT team for the server's direct address.`,
    { status },
  );
}

/** The error for a 2xx answer whose body does not match the expected schema. */
export function unexpectedResponse(status: number): ServiceError {
  return appError(
    'unexpected_response',
    'The server gave an answer the app does not understand. Check that the address is an RMS server and that the app is up to date.',
    { status },
  );
}
