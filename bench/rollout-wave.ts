// A reminder wave of a 2FA rollout (SPEC §8) to 10,000 people: how long queueing the wave takes
// (the claim and the outbox rows, one transaction), how fast the outbox delivers it to a loopback
// SMTP sink, and that every person got exactly one reminder (0 lost, 0 duplicated). The plan is
// made "7 days ago" (the context's clock) so its 7-day wave is due now. Prints figures; asserts nothing.
//
//   npx tsx bench/rollout-wave.ts                       # 10,000 people
//   WAVE_USERS=100000 npx tsx bench/rollout-wave.ts
//   BENCH_DB=postgres npx tsx bench/rollout-wave.ts
import { createCompany, runDueWaves, setTwoFactorPolicy } from '@rms/server/seeding';
import { insertBulkUsers } from '@rms/test-kit/bulk-users';
import { startSmtpSink } from '@rms/test-kit/smtp-sink';
import { startBenchServer } from './support/bench-server.js';
import { isMainModule, num, runStandalone } from './support/figures.js';
import type { Bench, BenchEngine, Figure } from './support/figures.js';

const USERS = Number(process.env.WAVE_USERS ?? 10_000);
const TIMEOUT_MS = Number(process.env.WAVE_TIMEOUT_S ?? 1_800) * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

async function run({ engine }: { engine: BenchEngine }): Promise<Figure[]> {
  const sink = await startSmtpSink({ parse: false });
  const bench = await startBenchServer({ engine, config: { smtpUrl: sink.url, smtpAllowPlaintext: false } });
  try {
    const { server } = bench;
    console.log(`rollout-wave: ${num(USERS)} people, ${bench.engine}, SMTP sink on loopback (not parsing), Node ${process.version}`);
    const company = await createCompany(server.db, { name: 'Wave Co' });
    const now = Date.now();
    const [admin] = await insertBulkUsers(server.db, {
      companyId: company.id, count: 1, prefix: 'wave-admin', now: now - 8 * DAY_MS,
      twoFactor: { secrets: server.context.secrets, secretOf: () => 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
    });
    await server.db.updateTable('users').set({ role: 'admin' }).where('id', '=', admin!.id).execute();
    const users = await insertBulkUsers(server.db, { companyId: company.id, count: USERS, prefix: 'wave-', now: now - 8 * DAY_MS });
    // A 14-day plan made 7 days (and a second) ago: its 7-day reminder wave is due now.
    const past = { ...server.context, now: () => now - 7 * DAY_MS - 1_000 };
    await setTwoFactorPolicy(past, { ...admin!, role: 'admin' }, { twoFactorAtLogin: 'required', notifyUnenrolled: false, graceDays: 14 }, { clientAddress: '127.0.0.1' });

    const before = sink.messages.length;
    const started = performance.now();
    const queued = await runDueWaves(server.context);
    const queueMs = performance.now() - started;
    const deadline = Date.now() + TIMEOUT_MS;
    while (sink.messages.length < before + USERS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const deliverSeconds = (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // room for a late duplicate
    const again = await runDueWaves(server.context); // the wave is queued once

    const expected = new Set(users.map((u) => u.email));
    const seen = new Map<string, number>();
    for (const mail of sink.messages.slice(before)) for (const to of mail.to) if (expected.has(to)) seen.set(to, (seen.get(to) ?? 0) + 1);
    const lost = [...expected].filter((e) => !seen.has(e)).length;
    const duplicated = [...seen.values()].reduce((t, n) => t + (n - 1), 0);
    const rows = await server.db
      .selectFrom('outbox')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('kind', '=', 'rollout_reminder')
      .groupBy('status')
      .execute();
    const rate = USERS / deliverSeconds;
    console.log(`queued ${num(queued)} reminders in ${num(queueMs)} ms (a second run queued ${again}); delivered in ${num(deliverSeconds, 1)} s (${num(rate)}/s)`);
    console.log(`exactly once: ${lost} lost, ${duplicated} duplicated; outbox ${rows.map((r) => `${r.status} ${Number(r.n)}`).join(', ')}`);
    return [
      { figure: `rollout wave of ${num(USERS)}: queue time`, engine: bench.engine, value: `${num(queueMs)} ms`, baseline: '—', ratio: null, goal: '< 2 s' },
      { figure: `rollout wave of ${num(USERS)}: delivered`, engine: bench.engine, value: `${num(rate)}/s (${num(deliverSeconds, 1)} s)`, baseline: '—', ratio: null, goal: 'all' },
      { figure: `rollout wave of ${num(USERS)}: lost, duplicated`, engine: bench.engine, value: `${lost}, ${duplicated}`, baseline: '—', ratio: null, goal: '0, 0' },
    ];
  } finally {
    await bench.close();
    await sink.close();
  }
}

export const bench: Bench = { name: 'rollout-wave', engines: ['sqlite', 'postgres'], run };

if (isMainModule(import.meta.url)) await runStandalone(bench);
