// `npm run bench`: runs every bench in bench/ that exports `bench` (each in its own process, on each
// engine it supports) and prints ONE table of figures, baselines and ratios, with the machine's load
// average. Benches print; nothing is asserted.
//
//   npm run bench                       # every bench, SQLite and PostgreSQL
//   npm run bench -- --engines=sqlite   # SQLite only
//   npm run bench -- --only=login,verify
//   npm run bench -- --with-opt-in      # also the long ones (the 100,000-user campaign)
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadAverage } from './support/figures.js';
import type { Bench, BenchEngine, Figure } from './support/figures.js';

const HERE = import.meta.dirname;
const ENGINE_NAMES: Record<BenchEngine, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

function option(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/** Bench modules: bench/*.ts whose source exports `bench` (others are plain scripts, run on their own). */
async function discover(): Promise<{ benches: { file: string; bench: Bench }[]; plain: string[] }> {
  const files = (await readdir(HERE)).filter((f) => f.endsWith('.ts') && f !== 'run-all.ts').sort();
  const benches: { file: string; bench: Bench }[] = [];
  const plain: string[] = [];
  for (const file of files) {
    const path = join(HERE, file);
    // Only a module that exports `bench` is imported: a plain script would run at import.
    if (!/export const bench\b/.test(await readFile(path, 'utf8'))) {
      plain.push(file);
      continue;
    }
    const module = (await import(pathToFileURL(path).href)) as { bench?: Bench };
    if (module.bench) benches.push({ file, bench: module.bench });
  }
  return { benches, plain };
}

/** Runs one bench file in a fresh process on one engine; its output shows as it runs. */
async function runOne(file: string, engine: BenchEngine, scratch: string): Promise<{ figures: Figure[]; load: string } | { error: string }> {
  const out = join(scratch, `${file}.${engine}.json`);
  const code = await new Promise<number>((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, file)], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_DB: engine, BENCH_FIGURES_OUT: out },
    });
    child.on('exit', (status) => done(status ?? 1));
  });
  const written = await readFile(out, 'utf8').catch(() => null);
  if (code !== 0 || !written) return { error: `exit code ${code}` };
  const result = JSON.parse(written) as { figures: Figure[]; loadBefore: string; loadAfter: string };
  return { figures: result.figures, load: `${result.loadBefore} → ${result.loadAfter}` };
}

const cell = (f: Figure | undefined) => (f ? `${f.value} · ${f.baseline}` : '');
const ratio = (f: Figure | undefined) => (f?.ratio === null || f?.ratio === undefined ? (f ? '—' : '') : `${f.ratio.toFixed(2)}×`);

async function main(): Promise<void> {
  const engines = (option('engines')?.split(',') ?? ['sqlite', 'postgres']) as BenchEngine[];
  const only = option('only')?.split(',');
  const withOptIn = process.argv.includes('--with-opt-in');
  const { benches, plain } = await discover();
  const scratch = await mkdtemp(join(tmpdir(), 'rms-bench-'));
  const startLoad = await loadAverage();
  const started = new Date();
  const rows = new Map<string, { goal: string; byEngine: Map<BenchEngine | 'any', Figure> }>();
  const notes: string[] = [];
  try {
    for (const { file, bench } of benches) {
      if (only && !only.some((o) => bench.name.includes(o))) continue;
      if (bench.optIn && !withOptIn) {
        notes.push(`${bench.name}: left out (${bench.optIn}); --with-opt-in runs it`);
        continue;
      }
      for (const engine of bench.engines ? bench.engines.filter((e) => engines.includes(e)) : [engines[0] ?? 'sqlite']) {
        console.log(`\n▶ ${bench.name}${bench.engines ? ` (${ENGINE_NAMES[engine]})` : ''}, load average ${await loadAverage()}`);
        const result = await runOne(file, engine, scratch);
        if ('error' in result) {
          notes.push(`${bench.name}${bench.engines ? ` on ${ENGINE_NAMES[engine]}` : ''} failed (${result.error}); see its output above`);
          continue;
        }
        notes.push(`${bench.name}${bench.engines ? ` (${ENGINE_NAMES[engine]})` : ''}: load average ${result.load}`);
        for (const figure of result.figures) {
          const row = rows.get(figure.figure) ?? { goal: figure.goal, byEngine: new Map() };
          row.byEngine.set(figure.engine ?? 'any', figure);
          rows.set(figure.figure, row);
        }
      }
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const lines = [
    '| figure | value · baseline (SQLite, or engine-independent) | ratio | value · baseline (PostgreSQL) | ratio | goal |',
    '|---|---|---|---|---|---|',
  ];
  for (const [name, row] of rows) {
    const first = row.byEngine.get('sqlite') ?? row.byEngine.get('any');
    const pg = row.byEngine.get('postgres');
    lines.push(`| ${name} | ${cell(first)} | ${ratio(first)} | ${cell(pg)} | ${ratio(pg)} | ${row.goal} |`);
  }
  console.log(`\nnpm run bench, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, load average (1/5/15 min) at start ${startLoad}, at end ${await loadAverage()}\n`);
  console.log(lines.join('\n'));
  console.log('');
  for (const note of notes) console.log(`- ${note}`);
  if (plain.length) console.log(`- not in the table (plain scripts without \`export const bench\`, run on their own): ${plain.join(', ')}`);
}

await main();
