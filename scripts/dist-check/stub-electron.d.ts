/** The marker @electron/fuses searches for in the Electron binary; the fuse wire follows it. */
export declare const FUSE_SENTINEL = "dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX";
/**
 * Fuse states of a stock Electron 38 binary, in wire order (RunAsNode, EnableCookieEncryption,
 * EnableNodeOptionsEnvironmentVariable, EnableNodeCliInspectArguments,
 * EnableEmbeddedAsarIntegrityValidation, OnlyLoadAppFromAsar, LoadBrowserProcessSpecificV8Snapshot,
 * GrantFileProtocolExtraPrivileges): '1' enabled, '0' disabled.
 */
export declare const STOCK_FUSE_WIRE = "10110001";
/**
 * Writes a stand-in for an unpacked Linux Electron distribution (the real binary cannot be
 * downloaded here): an `electron` executable that refuses to run but carries a genuine V1 fuse
 * wire, so electron-builder's fuse flipping runs for real and can be read back, plus the files
 * electron-builder copies around it.
 */
export declare function writeStubElectronDist(dir: string, electronVersion: string): string;
