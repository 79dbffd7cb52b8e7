// Shared setup of the ratio benchmarks: one in-process backend on a fresh database and a bounded
// concurrent fetch loop that records per-request latency.
import pino from 'pino';
import { startServer } from '@rms/server/start-server';
import type { RunningServer } from '@rms/server/start-server';
import { testConfig } from '@rms/test-kit/test-server';

/** A backend for a bench run; `close()` stops it and removes its database. */
export interface BenchServer {
  server: RunningServer;
  engine: string;
  close(): Promise<void>;
}

/**
 * Starts the real backend in this process on 127.0.0.1 (port 0): SQLite in a temp folder by
 * default, or a fresh PostgreSQL database when BENCH_DB=postgres. X-Forwarded-For is trusted so a
 * bench can give each simulated person their own address (the password throttle is per address).
 */
export async function startBenchServer(): Promise<BenchServer> {
  const { config, cleanup } = await testConfig({ engine: process.env.BENCH_DB === 'postgres' ? 'postgres' : 'sqlite', overrides: { trustProxy: true } });
  const server = await startServer(config, { port: 0, host: '127.0.0.1', logger: pino({ level: 'silent' }) });
  return {
    server,
    engine: server.engine,
    async close() {
      await server.close();
      await cleanup();
    },
  };
}

/** Figures of one phase. */
export interface PhaseResult {
  name: string;
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  statuses: Record<string, number>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Runs `total` operations with `concurrency` workers (each awaits its previous operation), stopping
 * early after `maxSeconds`. `op(i)` returns a status label (HTTP status, "ok", ...).
 */
export async function runPhase(name: string, total: number, concurrency: number, maxSeconds: number, op: (i: number) => Promise<string>): Promise<PhaseResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  async function worker() {
    while (next < total && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      let status: string;
      try {
        status = await op(i);
      } catch (error) {
        status = `error:${error instanceof Error ? error.message : String(error)}`;
      }
      latencies.push(performance.now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { name, requests: latencies.length, seconds, perSecond: latencies.length / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), statuses };
}

/** Prints one phase as a line of figures. */
export function printPhase(r: PhaseResult): void {
  const statuses = Object.entries(r.statuses).map(([s, n]) => `${s}×${n}`).join(' ');
  console.log(
    `${r.name.padEnd(28)} ${String(r.requests).padStart(6)} req in ${r.seconds.toFixed(2)} s  ${r.perSecond.toFixed(1).padStart(8)}/s  p50 ${r.p50Ms.toFixed(1)} ms  p99 ${r.p99Ms.toFixed(1)} ms  [${statuses}]`,
  );
}
