// What rating new passwords costs the server: loading the zxcvbn estimator (the common-password
// dictionary and keyboard graphs, English feedback sentences) once per process, and one rating.
// Run with `node --expose-gc --import tsx bench/password-strength.ts` (gc makes the heap figure
// honest; without it the figure includes garbage). Prints figures only; nothing is asserted.
import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';

const gc = (globalThis as { gc?: () => void }).gc;

function heapMb(): number {
  gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function randomPrintable(length: number): string {
  return Array.from({ length }, () => String.fromCharCode(33 + randomInt(94))).join('');
}

const heapBefore = heapMb();
const rssBefore = process.memoryUsage().rss / 1e6;
const loadStart = performance.now();
const { passwordEstimator, ratePassword } = await import('@rms/server/password-strength');
passwordEstimator();
const loadMs = performance.now() - loadStart;
const heapAfter = heapMb();
const rssAfter = process.memoryUsage().rss / 1e6;

const owner = { email: 'marguerite.okonkwo@harbourline.example', name: 'Marguerite Okonkwo' };
const cases: Record<string, () => string> = {
  'common (password1234)': () => 'password1234',
  'passphrase, 29 chars': () => 'lantern-orbit-tundra-quill-42',
  'random, 16 chars': () => randomPrintable(16),
  'random, 64 chars': () => randomPrintable(64),
  'random, 128 chars (the maximum)': () => randomPrintable(128),
  'l33t-heavy, 128 chars (p@ssw0rd x16)': () => 'p@ssw0rd'.repeat(16),
};
const runs = Number(process.env.BENCH_RUNS ?? 15);
console.log(`zxcvbn estimator: loaded in ${loadMs.toFixed(0)} ms; heap +${(heapAfter - heapBefore).toFixed(1)} MB${gc ? '' : ' (no --expose-gc: includes garbage)'}, rss +${(rssAfter - rssBefore).toFixed(1)} MB`);
console.log(`one rating, median of ${runs} (ms) and score:`);
for (const [name, make] of Object.entries(cases)) {
  const times: number[] = [];
  let score = 0;
  for (let i = 0; i < runs; i += 1) {
    const password = make();
    const start = performance.now();
    score = ratePassword(password, owner).score;
    times.push(performance.now() - start);
  }
  console.log(`  ${name.padEnd(40)} ${median(times).toFixed(1).padStart(8)} ms   max ${Math.max(...times).toFixed(1).padStart(8)} ms   score ${score}`);
}
// The same l33t-laden passwords at the library's default (100 substitutions) and at the server's
// setting: the scores must agree for the lower setting to be worth its saving.
const l33t = ['P@ssw0rd1234', 'p4$$w0rd!2024', 'Tr0ub4dor&3x', 'dr@g0nf1y!!!', 'l3tm31n!2025', 'Passw0rd!Passw0rd!'];
const { ZxcvbnFactory } = await import('@zxcvbn-ts/core');
const { adjacencyGraphs, dictionary } = await import('@zxcvbn-ts/language-common');
const libraryDefault = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, maxLength: 128 });
console.log(`l33t passwords, scores at the library default / the server: ${l33t.map((p) => libraryDefault.check(p).score).join('')} / ${l33t.map((p) => ratePassword(p, owner).score).join('')}`);
for (const [name, password] of [['random 128', randomPrintable(128)], ['p@ssw0rd x16', 'p@ssw0rd'.repeat(16)]] as const) {
  const start = performance.now();
  libraryDefault.check(password);
  const atDefault = performance.now() - start;
  const again = performance.now();
  ratePassword(password, owner);
  console.log(`  ${name}: ${atDefault.toFixed(0)} ms at the library default, ${(performance.now() - again).toFixed(0)} ms on the server`);
}
