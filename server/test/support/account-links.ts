import type { ReceivedMail } from '@rms/test-kit/smtp-sink';
import type { Answer, TestServer } from '@rms/test-kit/test-server';
import { httpRequest } from '@rms/test-kit/test-server';

/** The one-time link of a kind in an email's text, or undefined. */
export function linkIn(mail: ReceivedMail | undefined, kind: 'reset-password' | 'not-me'): string | undefined {
  return mail?.text.match(new RegExp(`https?://\\S+/account/${kind}/[A-Za-z0-9_-]{43}`))?.[0];
}

/** The link's path on the test server (the public URL defaults to its listen address). */
export function pathOf(t: TestServer, link: string): string {
  if (!link.startsWith(t.url)) throw new Error(`${link} does not point at ${t.url}`);
  return link.slice(t.url.length);
}

/** GET a link page as a browser opening it from an email (a top-level navigation). */
export function openPage(t: TestServer, link: string): Promise<Answer<string>> {
  return httpRequest<string>(t.url, 'GET', pathOf(t, link), { headers: { 'sec-fetch-site': 'none', accept: 'text/html' } });
}

/** POST the page's form as the browser does from the page itself, unless `headers` say otherwise. */
export function submitForm(t: TestServer, link: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer<string>> {
  return httpRequest<string>(t.url, 'POST', pathOf(t, link), {
    raw: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.url, 'sec-fetch-site': 'same-origin', ...headers },
  });
}

/** The page's heading. */
export function headingOf(page: Answer<string>): string {
  return String(page.body).match(/<h1>([^<]*)<\/h1>/)?.[1] ?? '';
}
