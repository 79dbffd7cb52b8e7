import { describe, expect, it } from 'vitest';
import type { AppNotice, EventName } from '@rms/shared';
import { createSilentLogger } from '../logging/logger.js';
import { EventHub } from './event-hub.js';

const TOKEN = 'live-access-token-1234567890';
const notice = (code: string, message = 'm'): AppNotice => ({ level: 'warning', code, message });

function hub(maxWaiting?: number) {
  const log: { level: string; message: string; details?: Record<string, unknown> }[] = [];
  const h = new EventHub({ logger: createSilentLogger(log), leaksSecret: (text) => text.includes(TOKEN), ...(maxWaiting ? { maxWaiting } : {}) });
  const received: { event: EventName; payload: unknown }[] = [];
  return { h, log, received, listen: () => h.listen((event, payload) => received.push({ event, payload })) };
}

describe('event hub', () => {
  it('never sends an event that carries a live token (the same fence as IPC answers)', () => {
    const { h, log, received, listen } = hub();
    listen();
    h.emit('app:notice', notice('x', `your token is ${TOKEN}`));
    h.emit('auth:stateChanged', { kind: 'signed_out', email: TOKEN });
    h.emit('app:notice', notice('fine'));
    expect(received).toEqual([{ event: 'app:notice', payload: notice('fine') }]);
    expect(JSON.stringify(received)).not.toContain(TOKEN);
    expect(log).toEqual([
      { level: 'error', message: 'refused to send an event containing a token', details: { event: 'app:notice' } },
      { level: 'error', message: 'refused to send an event containing a token', details: { event: 'auth:stateChanged' } },
    ]);
  });

  it('keeps notices raised while nobody listens for the first listener; state changes do not wait', () => {
    const { h, received, listen } = hub();
    h.emit('app:notice', notice('keychain_unavailable'));
    h.emit('auth:stateChanged', { kind: 'signed_out' });
    h.emit('app:notice', notice('backend_unreachable'));
    const stop = listen();
    expect(received.map((r) => r.event)).toEqual(['app:notice', 'app:notice']);
    expect(received.map((r) => (r.payload as AppNotice).code)).toEqual(['keychain_unavailable', 'backend_unreachable']);
    h.emit('auth:stateChanged', { kind: 'signed_out', email: 'a@b.example' });
    expect(received).toHaveLength(3);
    stop();
    h.emit('app:notice', notice('later'));
    const second: string[] = [];
    h.listen((_event, payload) => second.push((payload as AppNotice).code));
    expect(second).toEqual(['later']);
  });

  it('keeps only the newest notices and survives a failing listener', () => {
    const { h, received, listen, log } = hub(2);
    for (const code of ['a', 'b', 'c']) h.emit('app:notice', notice(code));
    listen();
    h.listen(() => {
      throw new Error('window gone');
    });
    h.emit('app:notice', notice('d'));
    expect(received.map((r) => (r.payload as AppNotice).code)).toEqual(['b', 'c', 'd']);
    expect(log.filter((l) => l.message === 'event listener failed')).toHaveLength(1);
  });
});
