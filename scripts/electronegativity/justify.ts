/** One electronegativity finding, reduced to what the gate needs. */
export interface Finding {
  check: string;
  /** Path relative to the scanned folder, '/'-separated. */
  file: string;
  line: number;
  column: number;
  severity: string;
  confidence: string;
  description: string;
}

/** A checked-in explanation of why a finding is acceptable. */
export interface Justification {
  check: string;
  file: string;
  /** Text that must appear on the finding's line (or the few after it), pinning the exact call site. */
  contains?: string;
  reason: string;
}

/** The justification file: per-finding reasons plus checks skipped for the whole run. */
export interface JustificationFile {
  justifications: Justification[];
  excludedChecks: { check: string; reason: string }[];
}

/** A finding paired with the justification that explains it, if any. */
export interface JudgedFinding {
  finding: Finding;
  justification: Justification | null;
}

/** How many lines from the finding's line are searched for a justification's `contains` text. */
export const CONTEXT_LINES = 6;

/** Validates the parsed justification file; throws a sentence naming the bad entry. */
export function parseJustificationFile(value: unknown, source: string): JustificationFile {
  const fail = (what: string): never => {
    throw new Error(`${source}: ${what}`);
  };
  if (typeof value !== 'object' || value === null) fail('must be a JSON object with "justifications" and "excludedChecks"');
  const { justifications, excludedChecks } = value as Record<string, unknown>;
  if (!Array.isArray(justifications)) fail('"justifications" must be an array');
  if (!Array.isArray(excludedChecks)) fail('"excludedChecks" must be an array');
  const text = (entry: Record<string, unknown>, key: string, where: string, optional = false): void => {
    const v = entry[key];
    if (optional && v === undefined) return;
    if (typeof v !== 'string' || v.trim().length === 0) fail(`${where}: "${key}" must be a non-empty string`);
  };
  (justifications as Record<string, unknown>[]).forEach((entry, i) => {
    const where = `justifications[${i}]`;
    if (typeof entry !== 'object' || entry === null) fail(`${where} must be an object`);
    for (const key of ['check', 'file', 'reason']) text(entry, key, where);
    text(entry, 'contains', where, true);
    if ((entry.reason as string).trim().length < 20) fail(`${where}: "reason" must explain why the finding is acceptable (20+ characters)`);
  });
  (excludedChecks as Record<string, unknown>[]).forEach((entry, i) => {
    const where = `excludedChecks[${i}]`;
    if (typeof entry !== 'object' || entry === null) fail(`${where} must be an object`);
    for (const key of ['check', 'reason']) text(entry, key, where);
  });
  return value as JustificationFile;
}

/**
 * Pairs every finding with a justification for the same check and file whose `contains` text (if
 * any) appears near the finding's line. `readLines(file)` returns the scanned file's lines.
 */
export function judgeFindings(findings: readonly Finding[], justifications: readonly Justification[], readLines: (file: string) => string[]): JudgedFinding[] {
  return findings.map((finding) => {
    const justification =
      justifications.find((j) => {
        if (j.check.toUpperCase() !== finding.check.toUpperCase() || j.file !== finding.file) return false;
        if (j.contains === undefined) return true;
        const lines = readLines(finding.file);
        const start = Math.max(0, finding.line - 1);
        return lines.slice(start, start + CONTEXT_LINES).join('\n').includes(j.contains);
      }) ?? null;
    return { finding, justification };
  });
}

/** Justifications that explained no finding in this run (stale: the code changed or the finding went away). */
export function unusedJustifications(judged: readonly JudgedFinding[], justifications: readonly Justification[]): Justification[] {
  const used = new Set(judged.map((j) => j.justification).filter((j): j is Justification => j !== null));
  return justifications.filter((j) => !used.has(j));
}
