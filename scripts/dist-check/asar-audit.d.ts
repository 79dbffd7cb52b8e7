import type { AsarEntry } from './asar-entries.js';
/** What the packaged app.asar must and must not hold. */
export interface AsarRules {
    /** The package.json "main" entry, which must be inside the archive. */
    mainEntry: string;
    /** npm packages allowed under node_modules/: the production dependency closure of the app. */
    allowedPackages: ReadonlySet<string>;
}
/** A summary line: a top-level folder (or file) of the archive with its file count and bytes. */
export interface AsarGroup {
    name: string;
    files: number;
    bytes: number;
}
/** The result of auditing an asar listing. */
export interface AsarAudit {
    groups: AsarGroup[];
    /** Top-level npm packages found under node_modules/. */
    packages: string[];
    violations: string[];
}
/** Folders of the built app that must each hold at least one file. */
export declare const REQUIRED_OUT_FOLDERS: readonly ["out/main", "out/preload", "out/renderer"];
/** The npm package a node_modules path belongs to ("node_modules/@a/b/x.js" → "@a/b"), or null. */
export declare function packageOf(path: string): string | null;
/** Groups entries by top-level folder (out/ and node_modules/ one level deeper) for the summary. */
export declare function groupEntries(entries: readonly AsarEntry[]): AsarGroup[];
/** Checks an asar listing against the packaging rules; every problem becomes one violation sentence. */
export declare function auditAsar(entries: readonly AsarEntry[], rules: AsarRules): AsarAudit;
