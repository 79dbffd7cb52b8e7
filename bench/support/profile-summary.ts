// Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by package/file, so a
// bench note can say where the main thread's time went. Prints; asserts nothing.
//
//   node --cpu-prof --cpu-prof-dir=.tmp/prof --import tsx bench/login-throughput.ts
//   npx tsx bench/support/profile-summary.ts .tmp/prof/CPU.*.cpuprofile
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a frame belongs: the npm package, our workspace file, or a V8/Node category. */
export function bucketOf(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'anonymous'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url;
  const own = /\/(server|bench|test-kit|shared)\/(.*)$/.exec(url);
  return own ? `${own[1]}/${own[2]}` : url;
}

/** Self milliseconds per key of `keyOf`, largest first, with the profile's total. */
export function selfTimes(profile: CpuProfile, keyOf: (node: ProfileNode) => string): { totalMs: number; rows: [string, number][] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const key = keyOf(byId.get(id)!);
    self.set(key, (self.get(key) ?? 0) + ms);
  });
  return { totalMs: total, rows: [...self.entries()].sort((a, b) => b[1] - a[1]) };
}

function print(title: string, summary: { totalMs: number; rows: [string, number][] }, top: number): void {
  console.log(`\n${title} (of ${summary.totalMs.toFixed(0)} ms sampled on the main thread)`);
  for (const [key, ms] of summary.rows.slice(0, top)) {
    console.log(`${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / summary.totalMs).toFixed(1).padStart(5)} %  ${key}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of process.argv.slice(2)) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    console.log(`# ${file}`);
    print('self time by package / file', selfTimes(profile, (n) => bucketOf(n.callFrame.url, n.callFrame.functionName)), 15);
    print('self time by function', selfTimes(profile, (n) => `${n.callFrame.functionName || '(anonymous)'} ${bucketOf(n.callFrame.url, n.callFrame.functionName)}:${n.callFrame.lineNumber + 1}`), 20);
  }
}
