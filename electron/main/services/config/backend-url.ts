import { appError } from '../errors/service-error.js';

/**
 * True for hosts that stay on this computer: localhost, 127.0.0.0/8 and ::1. Names under
 * `.localhost` are not: Node's resolver may send them to DNS, which can answer any address.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  return /^127(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(host);
}

/**
 * Normalises what a person or a policy gave as the server address to an origin
 * (`https://rms.example.com:8443`). Throws `backend_url_invalid` for anything that is not an
 * http(s) URL and `backend_url_insecure` for plain http:// to a host other than loopback.
 */
export function normalizeBackendUrl(input: string): string {
  const trimmed = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw appError('backend_url_invalid');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw appError('backend_url_invalid');
  if (!url.hostname || url.username || url.password) throw appError('backend_url_invalid');
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) throw appError('backend_url_insecure');
  return url.origin;
}
