import { describe, expect, it } from 'vitest';
import { subjectsTo } from '@rms/test-kit/delivered-mail';
import { api, seedUser } from '@rms/test-kit/seed';
import type { SeededUser } from '@rms/test-kit/seed';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import type { TestServer } from '@rms/test-kit/test-server';
import { withServerAndSink } from './support/server-and-sink.js';

let sink: SmtpSink;
let t: TestServer;
let companyId: string;
withServerAndSink((world) => ({ t, sink, companyId } = world));

type Tokens = { accessToken: string; refreshToken: string };
type Device = { id: string; client: string | null; address: string | null; createdAt: string; lastUsedAt: string; current: boolean };

/** Signs in by password as the given client (the app's X-RMS-Client header, or only a User-Agent). */
async function signInAs(user: SeededUser, headers: Record<string, string>): Promise<Tokens> {
  const res = await api<{ session: Tokens }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password }, headers });
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  return res.body.session;
}

function devices(token: string) {
  return api<Device[]>(t, 'GET', '/me/sessions', { token });
}

describe('signed-in devices', () => {
  it('lists each signed-in device once, with its client, address, first and last use, and marks this one', async () => {
    const user = await seedUser(t, companyId);
    const started = t.clock.now();
    const laptop = await signInAs(user, { 'x-rms-client': 'RMS Console 0.1.0 (Linux x64)' });
    t.clock.advance(5 * 60_000);
    const desk = await signInAs(user, { 'user-agent': 'curl/8.5.0' });
    t.clock.advance(60_000);
    // The laptop refreshes twice (the app was updated in between): still one device, first seen
    // when it signed in, described as its latest request said.
    const r1 = await api<{ session: Tokens }>(t, 'POST', '/auth/refresh', { body: { refreshToken: laptop.refreshToken }, headers: { 'x-rms-client': 'RMS Console 0.1.0 (Linux x64)' } });
    t.clock.advance(60_000);
    const r2 = await api<{ session: Tokens }>(t, 'POST', '/auth/refresh', {
      body: { refreshToken: r1.body.session.refreshToken },
      headers: { 'x-rms-client': 'RMS Console 0.1.1 (Linux x64)' },
    });
    t.clock.advance(60_000);

    const list = await devices(desk.accessToken);
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(2);
    const [first, second] = list.body;
    expect(first).toMatchObject({ client: 'curl/8.5.0', address: '127.0.0.1', current: true, createdAt: new Date(started + 5 * 60_000).toISOString() });
    expect(second).toMatchObject({
      client: 'RMS Console 0.1.1 (Linux x64)',
      address: '127.0.0.1',
      current: false,
      createdAt: new Date(started).toISOString(),
      lastUsedAt: new Date(started + 7 * 60_000).toISOString(),
    });
    // The device is the same whichever of its tokens asks.
    const fromLaptop = await devices(r2.body.session.accessToken);
    expect(fromLaptop.body.find((d) => d.current)?.id).toBe(second!.id);
    // Asking is a use: "last used" follows (to the minute).
    expect(fromLaptop.body.find((d) => d.current)?.lastUsedAt).toBe(new Date(started + 8 * 60_000).toISOString());
  });

  it('stores a bounded, sanitised client description', async () => {
    const user = await seedUser(t, companyId);
    const token = (await signInAs(user, { 'x-rms-client': `RMS Console\t0.1.0 <script>alert(1)</script> ${'x'.repeat(300)}` })).accessToken;
    const [device] = (await devices(token)).body;
    expect(device!.client).toMatch(/^RMS Console 0\.1\.0 script alert\(1\) \/script x+$/);
    expect([...device!.client!].length).toBeLessThanOrEqual(120);
  });

  it('signs one device out: its refresh token fails at once and its access token stops working; audited and emailed', async () => {
    const user = await seedUser(t, companyId);
    const here = await signInAs(user, { 'x-rms-client': 'RMS Console 0.1.0 (Windows x64)' });
    const stolen = await signInAs(user, { 'x-rms-client': 'RMS Console 0.1.0 (macOS arm64)' });
    const target = (await devices(here.accessToken)).body.find((d) => !d.current)!;

    const out = await api(t, 'DELETE', `/me/sessions/${target.id}`, { token: here.accessToken });
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    expect(out.body).toEqual({ signedOut: 1 });
    const refresh = await api(t, 'POST', '/auth/refresh', { body: { refreshToken: stolen.refreshToken } });
    expect(refresh.status).toBe(401);
    expect(refresh.body.error).toBe('session_revoked');
    expect((await api(t, 'GET', '/me', { token: stolen.accessToken })).body.error).toBe('session_revoked');
    expect((await devices(here.accessToken)).body.map((d) => d.id)).not.toContain(target.id);
    expect((await api(t, 'GET', '/me', { token: here.accessToken })).status).toBe(200);

    // Gone is gone: a second time, and a device of someone else, are both "not found".
    expect((await api(t, 'DELETE', `/me/sessions/${target.id}`, { token: here.accessToken })).body.error).toBe('session_not_found');
    const stranger = await seedUser(t, companyId);
    const strangerToken = (await signInAs(stranger, {})).accessToken;
    const strangerDevice = (await devices(strangerToken)).body[0]!;
    const foreign = await api(t, 'DELETE', `/me/sessions/${strangerDevice.id}`, { token: here.accessToken });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error).toBe('session_not_found');
    expect((await api(t, 'GET', '/me', { token: strangerToken })).status).toBe(200);

    const audit = await t.server.db.selectFrom('audit_events').selectAll().where('subject_id', '=', user.id).execute();
    expect(audit.map((e) => e.type)).toEqual(['auth.session_revoked']);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ sessionId: target.id, client: 'RMS Console 0.1.0 (macOS arm64)', current: false });
    expect(await subjectsTo(t, sink, user.email)).toEqual(['A device was signed out of your account']);
    expect(sink.messagesTo(user.email)[0]!.text).toContain('Device signed out: RMS Console 0.1.0 (macOS arm64), last from 127.0.0.1');
  });

  it('signs out everywhere else: every other device ends, this one stays', async () => {
    const user = await seedUser(t, companyId);
    const here = await signInAs(user, {});
    const others = [await signInAs(user, {}), await signInAs(user, {}), await signInAs(user, {})];
    const out = await api(t, 'DELETE', '/me/sessions', { token: here.accessToken });
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    expect(out.body).toEqual({ signedOut: 3 });
    for (const other of others) {
      expect((await api(t, 'POST', '/auth/refresh', { body: { refreshToken: other.refreshToken } })).body.error).toBe('session_revoked');
      expect((await api(t, 'GET', '/me', { token: other.accessToken })).body.error).toBe('session_revoked');
    }
    expect((await devices(here.accessToken)).body).toHaveLength(1);
    expect((await api(t, 'POST', '/auth/refresh', { body: { refreshToken: here.refreshToken } })).status).toBe(200);
    expect(await subjectsTo(t, sink, user.email)).toEqual(['Your other devices were signed out']);
    // With nobody else signed in there is nothing to end, report or email.
    const again = await api(t, 'DELETE', '/me/sessions', { token: (await signInAs(user, {})).accessToken });
    expect(again.body).toEqual({ signedOut: 1 });
  });
});
