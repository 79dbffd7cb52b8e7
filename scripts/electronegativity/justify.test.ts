import { describe, expect, it } from 'vitest';
import { judgeFindings, parseJustificationFile, unusedJustifications } from './justify.js';
import type { Finding, Justification } from './justify.js';

const finding = (check: string, file: string, line: number): Finding => ({ check, file, line, column: 1, severity: 'MEDIUM', confidence: 'FIRM', description: 'd' });
const SOURCE: Record<string, string[]> = {
  'main/index.js': ['const a = 1;', 'if (isSafe(url)) void shell.openExternal(url);', 'shell.openExternal(untrusted);', 'x', 'y', 'z', 'w', 'v', 'u'],
};
const readLines = (file: string): string[] => SOURCE[file] ?? [];
const reason = 'the URL is checked to be https before it is opened';

describe('judgeFindings', () => {
  const justified: Justification = { check: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/index.js', contains: 'if (isSafe(url)) void shell.openExternal', reason };

  it('justifies a finding whose call site carries the pinned text, and only that one', () => {
    const judged = judgeFindings([finding('OPEN_EXTERNAL_JS_CHECK', 'main/index.js', 2), finding('OPEN_EXTERNAL_JS_CHECK', 'main/index.js', 3)], [justified], readLines);
    expect(judged.map((j) => j.justification)).toEqual([justified, null]);
  });

  it('does not let a justification for one check or file cover another', () => {
    const judged = judgeFindings([finding('SANDBOX_JS_CHECK', 'main/index.js', 2), finding('OPEN_EXTERNAL_JS_CHECK', 'preload/index.cjs', 2)], [justified], readLines);
    expect(judged.every((j) => j.justification === null)).toBe(true);
  });

  it('matches check ids case-insensitively and file-wide when no text is pinned', () => {
    const fileWide: Justification = { check: 'csp_global_check', file: 'renderer/index.html', reason };
    expect(judgeFindings([finding('CSP_GLOBAL_CHECK', 'renderer/index.html', 5)], [fileWide], readLines)[0]!.justification).toBe(fileWide);
  });

  it('reports justifications that explained nothing', () => {
    const other: Justification = { check: 'SANDBOX_JS_CHECK', file: 'main/index.js', reason };
    const judged = judgeFindings([finding('OPEN_EXTERNAL_JS_CHECK', 'main/index.js', 2)], [justified, other], readLines);
    expect(unusedJustifications(judged, [justified, other])).toEqual([other]);
  });
});

describe('parseJustificationFile', () => {
  it('accepts a well-formed file', () => {
    const file = { excludedChecks: [{ check: 'X', reason }], justifications: [{ check: 'Y', file: 'main/index.js', reason }] };
    expect(parseJustificationFile(file, 'j.json')).toBe(file);
  });

  it('refuses entries without a real reason or with missing fields, naming the entry', () => {
    expect(() => parseJustificationFile({ excludedChecks: [], justifications: [{ check: 'Y', file: 'f', reason: 'ok' }] }, 'j.json')).toThrow('j.json: justifications[0]: "reason" must explain why the finding is acceptable (20+ characters)');
    expect(() => parseJustificationFile({ excludedChecks: [], justifications: [{ check: 'Y', reason }] }, 'j.json')).toThrow('justifications[0]: "file" must be a non-empty string');
    expect(() => parseJustificationFile({ justifications: [] }, 'j.json')).toThrow('"excludedChecks" must be an array');
    expect(() => parseJustificationFile([], 'j.json')).toThrow('"justifications" must be an array');
  });
});

describe('build/electronegativity-justifications.json', () => {
  it('is well-formed: every exception names its check and file and gives a reason', async () => {
    const { readFileSync } = await import('node:fs');
    const path = new URL('../../build/electronegativity-justifications.json', import.meta.url);
    const parsed = parseJustificationFile(JSON.parse(readFileSync(path, 'utf8')), 'justifications');
    expect(parsed.justifications.length + parsed.excludedChecks.length).toBeGreaterThan(0);
  });
});
