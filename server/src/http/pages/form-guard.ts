import type { FastifyRequest } from 'fastify';

/**
 * Whether a form POST comes from this server's own page (CSRF defence, besides the one-time token
 * the address carries): a browser says so with `Sec-Fetch-Site: same-origin` and with an `Origin`
 * equal to RMS_PUBLIC_URL's origin or the origin the request was sent to. A cross-site page, a
 * sandboxed frame (`Origin: null`) or a mismatched origin is refused. A client that sends neither
 * header is not a browser acting for someone else, and is allowed.
 */
export function isSameOriginPost(request: FastifyRequest, publicUrl: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  const allowed = new Set([new URL(publicUrl).origin]);
  const host = request.headers.host;
  if (typeof host === 'string' && host !== '') allowed.add(`${request.protocol}://${host}`);
  return allowed.has(origin);
}
