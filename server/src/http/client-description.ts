import type { FastifyRequest } from 'fastify';

/** The header the desktop app describes itself in ("RMS Console 0.1.0 (Linux x64)"). */
export const CLIENT_HEADER = 'x-rms-client';

/** At most this many characters of a client description are kept. */
export const CLIENT_DESCRIPTION_MAX = 120;

/**
 * A client description as it may be stored and shown: control and format characters, and
 * anything but letters, digits, spaces and common punctuation, are dropped; runs of spaces become
 * one; at most {@link CLIENT_DESCRIPTION_MAX} characters. Null when nothing is left.
 */
export function sanitiseClientDescription(value: unknown): string | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string') return null;
  const kept = raw
    .slice(0, 1024)
    .replace(/[^\p{L}\p{N} .,:;_+\-/()[\]@#&'!?=]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const bounded = [...kept].slice(0, CLIENT_DESCRIPTION_MAX).join('').trim();
  return bounded === '' ? null : bounded;
}

/** What the request says about its client: the app's own header, else the User-Agent. */
export function clientDescriptionOf(request: FastifyRequest): string | null {
  return sanitiseClientDescription(request.headers[CLIENT_HEADER]) ?? sanitiseClientDescription(request.headers['user-agent']);
}
