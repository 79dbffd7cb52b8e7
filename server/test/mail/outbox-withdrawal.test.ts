import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testEngine } from '@rms/test-kit/test-database';
import { cancelPending, claimDue, enqueue, markAttemptFailed } from '../../src/mail/outbox-store.js';
import { openMailWorld } from './support/mail-world.js';
import type { MailWorld } from './support/mail-world.js';

describe(`withdrawing queued mail on ${testEngine}`, () => {
  let world: MailWorld;
  beforeEach(async () => {
    world = await openMailWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  it('also withdraws a row a worker is attempting at that moment, so its failed attempt is not retried afterwards', async () => {
    const now = 1_000_000;
    const mail = { subject: 'Reminder', text: 'Set up two-factor authentication.' };
    for (const user of ['a', 'b']) {
      await enqueue(world.db, { idempotencyKey: `rollout:wave-1:${user}`, kind: 'rollout_reminder', userId: null, to: `${user}@x.example`, mail, now });
    }
    await enqueue(world.db, { idempotencyKey: 'rollout:wave-2:a', kind: 'rollout_reminder', userId: null, to: 'a@x.example', mail, now });
    // A worker claims one row of wave 1 (SMTP is down, say) while the plan changes.
    const [claimed] = await claimDue(world.db, testEngine, { workerId: 'w1', now, leaseMs: 60_000, limit: 1 });
    expect(claimed?.status).toBe('sending');

    expect(await cancelPending(world.db, 'rollout:wave-1:')).toBe(2);
    // The worker's attempt fails and would put the row back for a retry.
    await markAttemptFailed(world.db, claimed!.id, 'w1', { nextAttemptAt: now + 30_000, error: 'connection refused' });

    const left = await world.db.selectFrom('outbox').select(['idempotency_key', 'status']).execute();
    expect(left).toEqual([{ idempotency_key: 'rollout:wave-2:a', status: 'pending' }]);
  });
});
