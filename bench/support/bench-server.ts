// Shared setup of the ratio benchmarks: one in-process backend on a fresh database and a bounded
// concurrent fetch loop that records per-request latency.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { startServer } from '@rms/server/start-server';
import type { ServerConfig } from '@rms/server/config';
import type { RunningServer, StartOptions } from '@rms/server/start-server';
import { testConfig } from '@rms/test-kit/test-server';
import { engineFromEnv } from './figures.js';
import type { BenchEngine } from './figures.js';

/** A backend for a bench run; `close()` stops it and removes its database. */
export interface BenchServer {
  server: RunningServer;
  engine: BenchEngine;
  close(): Promise<void>;
}

/**
 * Starts the real backend in this process on 127.0.0.1 (port 0): SQLite in a temp folder by
 * default, or a fresh PostgreSQL database for `engine: 'postgres'` (default: BENCH_DB=postgres). X-Forwarded-For is trusted so a
 * bench can give each simulated person their own address (the password throttle is per address).
 */
export async function startBenchServer(
  options: Pick<StartOptions, 'queryLog'> & { engine?: BenchEngine; config?: Partial<ServerConfig> } = {},
): Promise<BenchServer> {
  const { engine = engineFromEnv(), config: overrides, ...start } = options;
  const { config, cleanup } = await testConfig({ engine, overrides: { trustProxy: true, ...overrides } });
  const server = await startServer(config, { port: 0, host: '127.0.0.1', logger: pino({ level: 'silent' }), ...start });
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
  /** Every request's latency, sorted (for merging rounds). */
  latencies: number[];
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
  return summarise(name, latencies, seconds, statuses);
}

function summarise(name: string, sorted: number[], seconds: number, statuses: Record<string, number>): PhaseResult {
  return { name, requests: sorted.length, seconds, perSecond: sorted.length / seconds, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), statuses, latencies: sorted };
}

/** A side of a paired comparison: its name and its operation (given a global index). */
export interface PairedSide {
  name: string;
  op: (i: number) => Promise<string>;
  /** Called around each of the side's rounds (e.g. to sample the event loop only during them). */
  around?: { before(): void; after(): void };
}

/**
 * Runs two phases in alternating rounds (A B, B A, A B, ...: each side `total / rounds` operations
 * per round) and merges each side's rounds. On a machine whose load changes from second to
 * second, both sides then see the same load, so their ratio means something; a single A-then-B
 * run compares two different machines. Each side's indices run 0 .. total-1 across its rounds.
 */
export async function runPaired(
  total: number,
  rounds: number,
  concurrency: number,
  maxSeconds: number,
  sides: [PairedSide, PairedSide],
): Promise<[PhaseResult, PhaseResult]> {
  const per = Math.ceil(total / rounds);
  const done: [PhaseResult[], PhaseResult[]] = [[], []];
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const side of order as (0 | 1)[]) {
      const offset = round * per;
      const count = Math.min(per, total - offset);
      if (count <= 0) continue;
      const { name, op, around } = sides[side];
      around?.before();
      done[side].push(await runPhase(name, count, concurrency, maxSeconds / rounds, (i) => op(offset + i)));
      around?.after();
    }
  }
  return [mergePhases(sides[0].name, done[0]), mergePhases(sides[1].name, done[1])];
}

/** One phase out of several rounds of it: requests and seconds add up, percentiles over all requests. */
export function mergePhases(name: string, rounds: PhaseResult[]): PhaseResult {
  const statuses: Record<string, number> = {};
  for (const r of rounds) for (const [k, n] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + n;
  const latencies = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return summarise(`${name} (${rounds.length} rounds)`, latencies, rounds.reduce((t, r) => t + r.seconds, 0), statuses);
}

/** Prints one phase as a line of figures. */
export function printPhase(r: PhaseResult): void {
  const statuses = Object.entries(r.statuses).map(([s, n]) => `${s}×${n}`).join(' ');
  console.log(
    `${r.name.padEnd(28)} ${String(r.requests).padStart(6)} req in ${r.seconds.toFixed(2)} s  ${r.perSecond.toFixed(1).padStart(8)}/s  p50 ${r.p50Ms.toFixed(1)} ms  p99 ${r.p99Ms.toFixed(1)} ms  [${statuses}]`,
  );
}

/**
 * Runs `body` under the V8 profiler when BENCH_PROFILE names a folder, and writes the measured
 * phase's profile there as `<label>.cpuprofile` (summarise it with bench/support/profile-summary.ts).
 * Setup and warm-up stay out of it, unlike `node --cpu-prof`.
 */
export async function profiled<T>(label: string, body: () => Promise<T>): Promise<T> {
  const folder = process.env.BENCH_PROFILE;
  if (!folder) return body();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await body();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(`${folder}/${label}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  }
}

/**
 * An event-loop sampler to pass as a side's `around`: the delay ready callbacks waited (p99) and
 * the loop's utilisation (the share of wall time the main thread was busy) during the side's rounds.
 */
export function loopSampler() {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  let busy = 0;
  let wall = 0;
  let cpu = 0;
  let processCpu = 0;
  let mark = performance.eventLoopUtilization();
  let cpuMark = mainThreadCpuMs();
  let processMark = process.cpuUsage();
  let sleeps = 0;
  let preempted = 0;
  let schedMark = mainThreadSchedule();
  return {
    before() {
      histogram.enable();
      mark = performance.eventLoopUtilization();
      cpuMark = mainThreadCpuMs();
      processMark = process.cpuUsage();
      schedMark = mainThreadSchedule();
    },
    after() {
      histogram.disable();
      const used = performance.eventLoopUtilization(mark);
      busy += used.active;
      wall += used.idle + used.active;
      cpu += mainThreadCpuMs() - cpuMark;
      const spent = process.cpuUsage(processMark);
      processCpu += (spent.user + spent.system) / 1000;
      const now = mainThreadSchedule();
      sleeps += now.sleeps - schedMark.sleeps;
      preempted += now.preempted - schedMark.preempted;
    },
    p99Ms: () => histogram.percentile(99) / 1e6,
    utilisation: () => (wall === 0 ? 0 : busy / wall),
    /** CPU the main thread itself used (not the thread pool), in ms; NaN where /proc is missing. */
    cpuMs: () => cpu,
    /** CPU the whole process used (every thread), in ms. */
    processCpuMs: () => processCpu,
    /**
     * Times the main thread went to sleep (voluntary context switches: the event loop waiting for
     * work) and was taken off the CPU while it had work (involuntary); NaN where /proc is missing.
     */
    switches: () => ({ sleeps, preempted }),
  };
}

/** The main thread's voluntary and involuntary context switches so far (/proc; Linux). */
function mainThreadSchedule(): { sleeps: number; preempted: number } {
  try {
    const status = readFileSync(`/proc/self/task/${process.pid}/status`, 'utf8');
    const count = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { sleeps: count('voluntary_ctxt_switches'), preempted: count('nonvoluntary_ctxt_switches') };
  } catch {
    return { sleeps: Number.NaN, preempted: Number.NaN };
  }
}

/** CPU time of the main thread alone (user + system), from /proc (Linux; 10 ms resolution). */
export function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * The benches' HTTP client: node:http with keep-alive sockets (one per concurrent client),
 * answering the status as a label. The client runs in the server's process and on the same cores,
 * so its cost is in every figure; fetch (undici over WHATWG streams) costs about three times as much
 * CPU per request, which dilutes a server-side difference (BENCH_CLIENT=fetch measures with it, as
 * the figures in issue 13 were).
 */
export function benchClient(baseUrl: string, sockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const { hostname, port } = new URL(baseUrl);
  const viaFetch = process.env.BENCH_CLIENT === 'fetch';
  return {
    kind: viaFetch ? 'fetch' : 'node:http keep-alive',
    send(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<string> {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const allHeaders = payload === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) };
      if (viaFetch) {
        return fetch(`${baseUrl}${path}`, { method, headers: allHeaders, body: payload }).then(async (r) => {
          await r.arrayBuffer();
          return String(r.status);
        });
      }
      return new Promise((resolve, reject) => {
        const req = request({ agent, hostname, port, method, path, headers: allHeaders }, (res) => {
          res.on('data', () => undefined);
          res.on('end', () => resolve(String(res.statusCode)));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(payload);
      });
    },
    /** Like `send`, and parses the JSON answer. */
    json<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers = payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) };
      return new Promise((resolve, reject) => {
        const req = request({ agent, hostname, port, method, path, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') as T }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}
