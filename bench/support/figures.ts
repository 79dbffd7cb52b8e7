// The shape every bench reports in, so `npm run bench` (bench/run-all.ts) can print one table.
import { pathToFileURL } from 'node:url';

/** A database engine a server bench runs on. */
export type BenchEngine = 'sqlite' | 'postgres';

/** One row of the table: a figure measured against a baseline of the same process and run. */
export interface Figure {
  figure: string;
  /** Set when the figure depends on the database engine (the table has a column per engine). */
  engine?: BenchEngine;
  value: string;
  baseline: string;
  /** value / baseline as the goal reads it (null when the figure is absolute). */
  ratio: number | null;
  goal: string;
}

/** What a bench module exports as `bench` for the runner. */
export interface Bench {
  name: string;
  /** Engines the bench runs on; absent = engine-independent (run once). */
  engines?: BenchEngine[];
  /** When the runner leaves it out by default (too long for every run), and why. */
  optIn?: string;
  run(options: { engine: BenchEngine }): Promise<Figure[]>;
}

/** The engine of a standalone run: BENCH_DB=postgres, else SQLite. */
export function engineFromEnv(): BenchEngine {
  return process.env.BENCH_DB === 'postgres' ? 'postgres' : 'sqlite';
}

/** True when `moduleUrl` is the script node was started with (a bench run on its own). */
export function isMainModule(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === moduleUrl;
}

/** The load average of the machine (1, 5, 15 minutes), as /proc/loadavg gives it. */
export async function loadAverage(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return (await readFile('/proc/loadavg', 'utf8').catch(() => 'unknown')).split(' ').slice(0, 3).join(' ');
}

/** Prints figures as lines (a standalone run). */
export function printFigures(figures: Figure[]): void {
  for (const f of figures) {
    const ratio = f.ratio === null ? '' : `  ratio ${f.ratio.toFixed(2)}`;
    console.log(`= ${f.figure}${f.engine ? ` [${f.engine}]` : ''}: ${f.value} vs ${f.baseline}${ratio} (goal ${f.goal})`);
  }
}

/**
 * Runs a bench on its own (npx tsx bench/x.ts): prints its figures and the load average. Under
 * `npm run bench` (BENCH_FIGURES_OUT set) it also writes them there as JSON for the table.
 */
export async function runStandalone(bench: Bench): Promise<void> {
  const before = await loadAverage();
  console.log(`load average before: ${before}`);
  const figures = await bench.run({ engine: engineFromEnv() });
  printFigures(figures);
  const after = await loadAverage();
  console.log(`load average after:  ${after}`);
  const out = process.env.BENCH_FIGURES_OUT;
  if (out) {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(out, JSON.stringify({ figures, loadBefore: before, loadAfter: after }));
  }
}

/** Formats a number with thousands separators and `digits` decimals. */
export function num(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
