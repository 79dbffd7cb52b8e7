/** The electron-builder `electronFuses` keys, in the order of Electron's V1 fuse wire. */
export declare const FUSE_KEYS: readonly ["runAsNode", "enableCookieEncryption", "enableNodeOptionsEnvironmentVariable", "enableNodeCliInspectArguments", "enableEmbeddedAsarIntegrityValidation", "onlyLoadAppFromAsar", "loadBrowserProcessSpecificV8Snapshot", "grantFileProtocolExtraPrivileges"];
/** One fuse as configured and as found in the packaged binary. */
export interface FuseRow {
    key: (typeof FUSE_KEYS)[number];
    expected: boolean | undefined;
    actual: boolean | 'removed' | 'unknown';
}
/** Compares configured fuses with a wire read back from a binary; returns the rows and the mismatches. */
export declare function compareFuses(expected: Partial<Record<FuseRow['key'], boolean>>, wire: Record<number, number>): {
    rows: FuseRow[];
    violations: string[];
};
/** Reads the fuse wire of a packaged Electron executable and compares it with the config. */
export declare function auditFuses(executable: string, expected: Partial<Record<FuseRow['key'], boolean>>): Promise<{
    rows: FuseRow[];
    violations: string[];
}>;
