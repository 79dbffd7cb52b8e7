/**
 * Security gate over the built app: runs @doyensec/electronegativity on out/ and fails on any
 * finding that build/electronegativity-justifications.json does not explain (check + file + the
 * call-site text, with a reason). Bundling strips source comments, so electronegativity's own
 * `eng-disable` comments are refused: every exception must carry a written reason here.
 * Usage: tsx scripts/electronegativity.ts [folder=out]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { judgeFindings, parseJustificationFile, unusedJustifications } from './electronegativity/justify.js';
import type { Finding } from './electronegativity/justify.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const JUSTIFICATIONS = 'build/electronegativity-justifications.json';

interface RawIssue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string };
  confidence: { name: string };
  description: string;
}
interface RunResult {
  globalChecks: number;
  atomicChecks: number;
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: RawIssue[];
}
type Run = (options: Record<string, unknown>) => Promise<RunResult>;

const fail = (message: string): never => {
  console.error(`electronegativity FAILED: ${message}`);
  process.exit(1);
};

/** Files of the scanned folder that electronegativity reads. */
function scannedFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(c|m)?js$|\.html?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

async function main(): Promise<void> {
  const input = resolve(ROOT, process.argv[2] ?? 'out');
  if (!existsSync(input)) fail(`${relative(ROOT, input) || input}/ does not exist. Run "npm run build" first.`);
  const files = scannedFiles(input);
  if (files.length === 0) fail(`${relative(ROOT, input)}/ holds no .js or .html files to scan.`);

  const directives = files.filter((f) => /eng-disable/.test(readFileSync(f, 'utf8')));
  if (directives.length > 0) {
    fail(`eng-disable comments found in ${directives.map((f) => relative(ROOT, f)).join(', ')}; explain exceptions in ${JUSTIFICATIONS} instead.`);
  }

  const justificationFile = parseJustificationFile(JSON.parse(readFileSync(join(ROOT, JUSTIFICATIONS), 'utf8')), JUSTIFICATIONS);
  const electronVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
  const run = createRequire(import.meta.url)('@doyensec/electronegativity') as Run;

  const started = Date.now();
  const result = await run({
    input,
    isRelative: true,
    electronVersionOverride: electronVersion,
    customScan: [],
    excludeFromScan: justificationFile.excludedChecks.map((c) => c.check),
  });
  const parseErrors = result.errors.filter((e) => !e.tolerable);
  if (parseErrors.length > 0) fail(`could not parse ${parseErrors.map((e) => `${e.file} (${e.message})`).join(', ')}; those files were not checked.`);

  const findings: Finding[] = result.issues.map((i) => ({
    check: i.id,
    file: i.file.split(sep).join('/'),
    line: i.location.line,
    column: i.location.column,
    severity: i.severity.name,
    confidence: i.confidence.name,
    description: i.description,
  }));
  const lines = new Map<string, string[]>();
  const readLines = (file: string): string[] => {
    if (!lines.has(file)) lines.set(file, readFileSync(join(input, file), 'utf8').split('\n'));
    return lines.get(file)!;
  };
  const judged = judgeFindings(findings, justificationFile.justifications, readLines);
  const unjustified = judged.filter((j) => j.justification === null);

  console.log(`electronegativity ${relative(ROOT, input)}/ (Electron ${electronVersion}): ${result.globalChecks + result.atomicChecks} checks over ${files.length} files in ${Date.now() - started} ms`);
  for (const { check, reason } of justificationFile.excludedChecks) console.log(`  excluded ${check}: ${reason}`);
  for (const { finding: f, justification } of judged) {
    const where = `${f.file}:${f.line}:${f.column}`;
    if (justification) console.log(`  justified   ${f.check} ${where} — ${justification.reason}`);
    else console.log(`  UNJUSTIFIED ${f.check} [${f.severity}/${f.confidence}] ${where} — ${f.description}`);
  }
  for (const stale of unusedJustifications(judged, justificationFile.justifications)) {
    console.log(`  warning: unused justification ${stale.check} ${stale.file}${stale.contains ? ` ("${stale.contains}")` : ''}: remove it from ${JUSTIFICATIONS} if the finding is gone`);
  }
  console.log(`electronegativity: ${findings.length} findings, ${findings.length - unjustified.length} justified, ${unjustified.length} unjustified`);
  if (unjustified.length > 0) {
    fail(`${unjustified.length} finding(s) have no justification. Fix the code, or add an entry with a reason to ${JUSTIFICATIONS}.`);
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
